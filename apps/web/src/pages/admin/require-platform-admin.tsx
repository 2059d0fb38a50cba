import { Container } from '@mantine/core';
import type { ReactNode } from 'react';
import { useAuth } from '../../auth/auth-context.tsx';
import { NotFoundPage } from '../not-found-page.tsx';

/** Pages for platform admins only; the server refuses everyone else anyway, this just hides the page. */
export function RequirePlatformAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (user?.platformRole !== 'admin') return <NotFoundPage />;
  return (
    <Container size="xl" py="xl">
      {children}
    </Container>
  );
}
