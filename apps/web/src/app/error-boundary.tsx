import { Component, type ErrorInfo, type ReactNode } from 'react';
import { CrashFallback } from '../components/crash-fallback.tsx';

interface State {
  error: unknown;
}

/**
 * Last line of defence for errors outside the router (providers, the router
 * itself). Route-level errors are handled by `RouteError` and keep the shell.
 */
export class TopLevelErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Foyer web app crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    return this.state.error ? <CrashFallback /> : this.props.children;
  }
}
