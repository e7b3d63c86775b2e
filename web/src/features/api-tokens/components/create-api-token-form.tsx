import { useId, useState, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { toApiError } from '@/lib/api-error';
import { useCreateApiToken } from '../api/create-api-token';
import { API_TOKEN_SCOPES, type ApiTokenScope, type CreatedApiToken } from '../types';
import { EXPIRY_MAX_DAYS, NAME_MAX_LENGTH, SCOPE_DESCRIPTIONS } from '../utils/scopes';

type Errors = { name?: string; scopes?: string; expires_in_days?: string };

/** Empty is "never expires"; anything else must be a whole number of days in range. */
function parseExpiry(value: string): number | null | 'invalid' {
  const text = value.trim();
  if (!text) return null;
  if (!/^\d+$/.test(text)) return 'invalid';
  const days = Number(text);
  return days >= 1 && days <= EXPIRY_MAX_DAYS ? days : 'invalid';
}

/** A new token: its name, what it may do, and how long it lasts. */
export function CreateApiTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiTokenScope[]>([]);
  const [expiry, setExpiry] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const scopesId = useId();
  const server = create.isError ? toApiError(create.error) : null;
  const fieldError = (field: keyof Errors) => errors[field] ?? server?.fields[field];

  const toggle = (scope: ApiTokenScope, on: boolean) =>
    // Kept in the contract's order whatever order they are ticked in.
    setScopes(API_TOKEN_SCOPES.filter((s) => (s === scope ? on : scopes.includes(s))));

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = parseExpiry(expiry);
    const next: Errors = {};
    if (!name.trim()) next.name = 'Enter a name, to tell this token from the others.';
    if (scopes.length === 0) next.scopes = 'Choose at least one scope.';
    if (days === 'invalid') {
      next.expires_in_days = `A whole number of days from 1 to ${EXPIRY_MAX_DAYS}, or empty for no expiry.`;
    }
    setErrors(next);
    if (Object.keys(next).length > 0 || days === 'invalid') return;
    create.mutate(
      { name: name.trim(), scopes, ...(days === null ? {} : { expires_in_days: days }) },
      {
        onSuccess: (token) => {
          setName('');
          setScopes([]);
          setExpiry('');
          onCreated(token);
        },
      },
    );
  };

  const scopesError = fieldError('scopes');
  return (
    <form aria-label="New API token" onSubmit={submit} noValidate>
      <Field
        label="Name"
        hint="What the token is for, e.g. “Nightly backup”."
        error={fieldError('name')}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={NAME_MAX_LENGTH}
            autoComplete="off"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <fieldset
        className="scope-list"
        aria-describedby={scopesError ? `${scopesId}-error` : undefined}
        aria-invalid={Boolean(scopesError)}
      >
        <legend>What it may do</legend>
        {API_TOKEN_SCOPES.map((scope) => (
          <div key={scope} className="scope">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                aria-describedby={`${scopesId}-${scope}`}
                onChange={(e) => toggle(scope, e.target.checked)}
              />
              <code>{scope}</code>
            </label>
            <small id={`${scopesId}-${scope}`} className="hint">
              {SCOPE_DESCRIPTIONS[scope]}
            </small>
          </div>
        ))}
        {scopesError && (
          <small id={`${scopesId}-error`} className="field-error">
            {scopesError}
          </small>
        )}
      </fieldset>
      <Field
        label="Expires after (days)"
        hint={`Empty: it never expires. At most ${EXPIRY_MAX_DAYS} days.`}
        error={fieldError('expires_in_days')}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            inputMode="numeric"
            className="expiry"
            value={expiry}
            onChange={(e) => setExpiry(e.target.value)}
          />
        )}
      </Field>
      {server && Object.keys(server.fields).length === 0 && (
        <p role="alert" className="form-error">
          {server.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
