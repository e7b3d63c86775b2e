const encoder = new TextEncoder();

/** The contract counts passwords in UTF-8 bytes (bcrypt's limit), not characters. */
export function passwordProblem(password: string): string | undefined {
  const bytes = encoder.encode(password).length;
  if (bytes < 8) return 'Use at least 8 characters.';
  if (bytes > 72) return 'Use at most 72 bytes (fewer if you use accents or emoji).';
  return undefined;
}

/** Mirrors the server's check (a valid address with a dot in it, at most 254 characters). */
export function emailProblem(email: string): string | undefined {
  const trimmed = email.trim();
  if (!trimmed) return 'Enter your email address.';
  if (trimmed.length > 254) return 'Use an email address of at most 254 characters.';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) {
    return 'Enter an email address like name@example.com.';
  }
  return undefined;
}
