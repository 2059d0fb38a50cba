import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient } from '../api/query-client.ts';
import { AuthProvider } from '../auth/auth-context.tsx';
import { colorSchemeManager } from './color-scheme.ts';
import { TopLevelErrorBoundary } from './error-boundary.tsx';
import type { createRouter } from './router.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

export function App({ router }: { router: ReturnType<typeof createRouter> }) {
  const [queryClient] = useState(createQueryClient);

  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      colorSchemeManager={colorSchemeManager}
      defaultColorScheme="auto"
    >
      <TopLevelErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </QueryClientProvider>
      </TopLevelErrorBoundary>
    </MantineProvider>
  );
}
