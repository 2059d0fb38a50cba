import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryLoading } from '../components/query-state.tsx';
import { isLeaving, useAuth } from './auth-context.tsx';
import { withNext } from './redirect.ts';

/** Route element for pages that need a signed-in user: sends others to log in and back here afterwards. */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'unknown') return <QueryLoading label={t('auth.checking')} />;
  if (status === 'signedOut') {
    if (isLeaving()) return null;
    return <Navigate to={withNext('/login', `${location.pathname}${location.search}`)} replace />;
  }
  return children ?? <Outlet />;
}
