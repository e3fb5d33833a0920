/**
 * What the backend said went wrong: a ResponseError carries the server's message as its cause
 * (e.g. "vpc@vpc/v9.9.9: modules/vpc/variables.tf: …"), while its own message only gives the
 * HTTP status.
 */
export function apiErrorMessage(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  if (
    error.name === 'ResponseError' &&
    typeof cause === 'object' &&
    cause !== null &&
    typeof (cause as { message?: unknown }).message === 'string'
  ) {
    return (cause as { message: string }).message;
  }
  return error.message;
}
