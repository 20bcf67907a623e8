/**
 * An API error as the operator sees it: the message in Chinese and English, and what to do next.
 */
import type { ApiError } from '../api/types.js';

/** Shows an error from the API with its next step; role=alert so screen readers announce it. */
export function ErrorBox({ error, onDismiss }: { error: ApiError; onDismiss?: () => void }) {
  return (
    <div className="error-box" role="alert" data-code={error.code}>
      <div className="error-title">
        {error.zh} <span className="en">{error.en}</span> <code>{error.code}</code>
      </div>
      {error.next && (
        <div className="error-next">
          下一步：{error.next.zh} <span className="en">Next: {error.next.en}</span>
        </div>
      )}
      {onDismiss && (
        <button type="button" className="link" onClick={onDismiss}>
          知道了 <span className="en">Dismiss</span>
        </button>
      )}
    </div>
  );
}
