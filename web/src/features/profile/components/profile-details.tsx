import type { User } from '@/types/api';
import { formatDate } from '@/utils/dates';

export function ProfileDetails({ user }: { user: User }) {
  return (
    <dl className="profile-details">
      <dt>Email</dt>
      <dd data-testid="profile-email">{user.email}</dd>
      <dt>Time zone</dt>
      <dd data-testid="profile-time-zone">{user.time_zone}</dd>
      <dt>Member since</dt>
      <dd>
        <time dateTime={user.created_at}>{formatDate(user.created_at)}</time>
      </dd>
    </dl>
  );
}
