import { ErrorState, Loading } from '@/components/ui/status';
import { errorMessage } from '@/lib/api-error';
import { formatDate } from '@/utils/dates';
import { useMe } from '../api/get-me';

export function ProfileDetails() {
  const me = useMe();
  if (me.isPending) return <Loading label="Loading your profile…" />;
  if (me.isError) {
    return <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} />;
  }
  return (
    <dl className="profile-details">
      <dt>Email</dt>
      <dd data-testid="profile-email">{me.data.email}</dd>
      <dt>Member since</dt>
      <dd>
        <time dateTime={me.data.created_at}>{formatDate(me.data.created_at)}</time>
      </dd>
    </dl>
  );
}
