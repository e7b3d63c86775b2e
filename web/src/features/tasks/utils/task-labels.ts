/** docs/API.md: 0–20 labels, each 1–50 characters after trimming, compared case-insensitively. */
export const MAX_LABELS = 20;
export const MAX_LABEL_LENGTH = 50;

/** How the server compares labels: trimmed and lower-cased. */
export const labelKey = (label: string) => label.trim().toLowerCase();
