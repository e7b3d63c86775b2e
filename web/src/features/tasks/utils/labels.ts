import type { Priority } from '@/types/api';

/** How a priority reads on screen; the API's values stay lower-case. */
export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  urgent: 'Urgent',
};
