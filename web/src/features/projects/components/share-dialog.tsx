import { useId, useState, type RefObject, type SubmitEvent } from 'react';
import { Field } from '@/components/ui/field';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { ErrorState, Loading } from '@/components/ui/status';
import { useDraft } from '@/hooks/use-draft';
import { errorMessage, toApiError } from '@/lib/api-error';
import type { Project } from '@/types/api';
import { canManageProject, MEMBER_ROLES, ROLE_LABELS, type MemberRole } from '@/utils/roles';
import { useAddMember, useChangeRole, useMembers, useRemoveMember } from '../api/members';

function isMemberRole(value: string): value is MemberRole {
  return MEMBER_ROLES.some((role) => role === value);
}

/** What a refused invitation means, in words: the server's codes for the cases people meet. */
export function inviteError(error: unknown, email: string): string {
  const apiError = toApiError(error);
  switch (apiError.code) {
    case 'validation_failed':
      return apiError.fields.email
        ? `No account uses ${email}: they need to register first.`
        : Object.values(apiError.fields).join(' ') || apiError.message;
    case 'conflict':
      return `${email} is already a member of this project.`;
    case 'forbidden':
      return 'Only the project’s owner and admins can invite people.';
    default:
      return errorMessage(error);
  }
}

/** A refused change to a membership, in words. */
function membershipError(error: unknown): string {
  const apiError = toApiError(error);
  if (apiError.code === 'forbidden') {
    return 'Only the project’s owner and admins can change its members.';
  }
  const fields = Object.values(apiError.fields);
  return fields.length > 0 ? fields.join(' ') : errorMessage(error);
}

type Props = {
  project: Project;
  currentUserId: number;
  onClose: () => void;
  /** After the user left the project. */
  onLeft: () => void;
  /** The button that opened the dialog, which has focus again once it closes. */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

/**
 * The project's members. Its owner and admins invite people by email with a role, change roles
 * and remove members; any other member sees who is in it, and may leave.
 */
export function ShareDialog({ project, currentUserId, onClose, onLeft, returnFocusTo }: Props) {
  const members = useMembers(project.id);
  const add = useAddMember();
  const change = useChangeRole();
  const remove = useRemoveMember();
  // Kept as a draft (hooks/use-draft.ts): a session that ends mid-invite loses nothing.
  const [email, setEmail, clearEmail] = useDraft(`share-invite:${project.id}`, '');
  const [role, setRole] = useState<MemberRole>('editor');
  const [invited, setInvited] = useState<string | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const headingId = useId();
  const manage = canManageProject(project.role) && !project.inbox;
  const isOwner = project.role === 'owner';

  const invite = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const address = email.trim();
    if (!address) return;
    setInvited(null);
    add.mutate(
      { projectId: project.id, email: address, role },
      {
        onSuccess: (member) => {
          setInvited(`Added ${member.email} as ${ROLE_LABELS[member.role].toLowerCase()}.`);
          clearEmail();
        },
      },
    );
  };

  const membershipFailure = change.error ?? remove.error;

  return (
    <ModalDialog
      labelledBy={headingId}
      className="share-dialog"
      onClose={onClose}
      returnFocusTo={returnFocusTo}
    >
      <div className="dialog-heading">
        <h2 id={headingId}>
          {manage ? 'Share' : 'Members of'} “{project.name}”
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {project.inbox && <p>Your inbox is yours alone: it cannot be shared.</p>}
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.isError ? (
        <ErrorState message={errorMessage(members.error)} onRetry={() => void members.refetch()} />
      ) : (
        <ul className="member-list" aria-label="Members">
          {members.data.map((member) => {
            const you = member.user_id === currentUserId;
            const editable = manage && member.role !== 'owner' && !you;
            return (
              <li key={member.user_id}>
                <span className="member-email">
                  {member.email}
                  {you && ' (you)'}
                </span>
                {editable ? (
                  <>
                    <select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      disabled={change.isPending}
                      onChange={(e) => {
                        const next = e.target.value;
                        if (isMemberRole(next)) {
                          remove.reset();
                          change.mutate({
                            projectId: project.id,
                            userId: member.user_id,
                            role: next,
                          });
                        }
                      }}
                    >
                      {MEMBER_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_LABELS[r]}
                        </option>
                      ))}
                    </select>
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Remove ${member.email}`}
                      disabled={remove.isPending}
                      onClick={() => {
                        change.reset();
                        remove.mutate({ projectId: project.id, userId: member.user_id });
                      }}
                    >
                      Remove
                    </button>
                  </>
                ) : (
                  <span className="role-badge">{ROLE_LABELS[member.role]}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {membershipFailure && (
        <p role="alert" className="form-error">
          {membershipError(membershipFailure)}
        </p>
      )}
      {manage && (
        <form className="invite-form" aria-label="Invite someone" onSubmit={invite} noValidate>
          <div className="form-row">
            <Field label="Email">
              {(control) => (
                <input
                  {...control}
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              )}
            </Field>
            <Field label="Role">
              {(control) => (
                <select
                  {...control}
                  value={role}
                  onChange={(e) => {
                    if (isMemberRole(e.target.value)) setRole(e.target.value);
                  }}
                >
                  {MEMBER_ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          {add.isError && (
            <p role="alert" className="form-error">
              {inviteError(add.error, add.variables.email)}
            </p>
          )}
          <div role="status" className="success">
            {invited}
          </div>
          <div className="actions">
            <button type="submit" className="primary" disabled={add.isPending || !email.trim()}>
              {add.isPending ? 'Inviting…' : 'Invite'}
            </button>
          </div>
        </form>
      )}
      {!isOwner && !project.inbox && (
        <div className="leave">
          {confirmLeave ? (
            <div role="group" aria-label="Confirm leaving" className="confirm">
              <span>Leave “{project.name}”? Its tasks disappear from your lists.</span>
              <button
                type="button"
                className="danger"
                autoFocus
                disabled={remove.isPending}
                onClick={() => {
                  // The promise, not a per-call onSuccess: the live event of this very change can
                  // drop the project from the views (unmounting this dialog) before the answer
                  // arrives, and TanStack Query skips per-call callbacks of unmounted components.
                  // A failure shows through `remove.error`.
                  remove
                    .mutateAsync({ projectId: project.id, userId: currentUserId })
                    .then(onLeft, ignoreFailure);
                }}
              >
                Yes, leave
              </button>
              <button type="button" onClick={() => setConfirmLeave(false)}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirmLeave(true)}>
              Leave project
            </button>
          )}
        </div>
      )}
    </ModalDialog>
  );
}

/** A rejected mutation's promise: its error is already on the mutation's state, shown above. */
function ignoreFailure(): void {
  return undefined;
}
