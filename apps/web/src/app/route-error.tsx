import { isRouteErrorResponse, useRouteError } from 'react-router';
import { CrashFallback } from '../components/crash-fallback.tsx';
import { NotFoundPage } from '../pages/not-found-page.tsx';

/** React Router `errorElement`: a render or loader failure shows a friendly message, not a blank page. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  // Log it so the details are still available to whoever opens the console.
  console.error('Route failed to render', error);
  return <CrashFallback />;
}
