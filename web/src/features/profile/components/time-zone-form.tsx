import { useMemo, useState, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { toApiError } from '@/lib/api-error';
import type { User } from '@/types/api';
import { browserTimeZone, supportedTimeZones } from '@/utils/time-zones';
import { useUpdateProfile } from '../api/update-profile';

type Props = { user: User; onSaved: (user: User) => void };

export function TimeZoneForm({ user, onSaved }: Props) {
  const [zone, setZone] = useState(user.time_zone);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const updateProfile = useUpdateProfile({ onSuccess: onSaved });
  const browserZone = browserTimeZone();
  const zones = useMemo(
    () => supportedTimeZones(user.time_zone, browserZone),
    [user.time_zone, browserZone],
  );

  const save = (timeZone: string) => {
    setDone(false);
    if (!timeZone) {
      setError('Enter a time zone, e.g. Europe/Berlin.');
      return;
    }
    setError(undefined);
    updateProfile.mutate(
      { time_zone: timeZone },
      {
        onSuccess: (saved) => {
          setZone(saved.time_zone);
          setDone(true);
        },
        onError: (failure) => {
          const apiError = toApiError(failure);
          setError(apiError.fields.time_zone ?? apiError.message);
        },
      },
    );
  };

  const onSubmit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    save(zone.trim());
  };

  return (
    <form onSubmit={onSubmit} aria-label="Change time zone" noValidate>
      <Field
        label="Time zone"
        error={error}
        hint="New tasks take this zone; existing tasks keep theirs."
      >
        {(control) =>
          zones ? (
            <select {...control} value={zone} onChange={(e) => setZone(e.target.value)}>
              {zones.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          ) : (
            <input
              {...control}
              type="text"
              placeholder="Europe/Berlin"
              value={zone}
              onChange={(e) => setZone(e.target.value)}
            />
          )
        }
      </Field>
      {browserZone !== user.time_zone && (
        <p>
          Your browser is in {browserZone} — use it?{' '}
          <button
            type="button"
            onClick={() => save(browserZone)}
            disabled={updateProfile.isPending}
          >
            Use {browserZone}
          </button>
        </p>
      )}
      {done && (
        <p role="status" className="success">
          Time zone saved.
        </p>
      )}
      <button type="submit" disabled={updateProfile.isPending}>
        {updateProfile.isPending ? 'Saving…' : 'Save time zone'}
      </button>
    </form>
  );
}
