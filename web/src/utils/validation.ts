const encoder = new TextEncoder();

/** The contract counts passwords in UTF-8 bytes (bcrypt's limit), not characters. */
export function passwordProblem(password: string): string | undefined {
  const bytes = encoder.encode(password).length;
  if (bytes < 8) return 'Use at least 8 characters.';
  if (bytes > 72) return 'Use at most 72 bytes (fewer if you use accents or emoji).';
  return undefined;
}
