/** Thrown by a store that cannot reach or write its data; the transport answers `unavailable`. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** I/O failures of a store, as opposed to bugs: nothing was committed and a retry may succeed. */
export function isStoreFailure(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  return error instanceof Error && (error.name === 'SqliteError' || error.name === 'MaxRetriesPerRequestError');
}
