import { ApiError } from '../lib/api';
import { errorHeadline } from '../lib/words';

/** An error as the user should read it, with a retry when the server could not be reached. */
export function ErrorBox({ error, retry, others = [] }: { error: unknown; retry?: () => void; others?: string[] }) {
  // No error (a form before its first submit): nothing to say, not the word "null".
  const headline = error == null ? null : errorHeadline(error);
  const offline = error instanceof ApiError && error.code === 'OFFLINE';
  if (!headline && others.length === 0) return null;
  return (
    <div className="error-box" role="alert">
      {headline ? <p>{headline}</p> : null}
      {others.length > 0 ? (
        <ul>
          {others.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      ) : null}
      {offline && retry ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}
    </p>
  );
}
