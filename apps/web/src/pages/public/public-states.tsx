import { FoyerApiError } from '@foyer/client';
import { Button, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';

/** Drafts, private events and unknown ids all answer 404: the visitor learns only that there is nothing here. */
export const isNotFound = (error: unknown) => error instanceof FoyerApiError && error.status === 404;

/** A public thing that does not exist (or is not public), with a way back. */
export function PublicNotFound({
  title,
  backTo,
  backLabel,
  order = 2,
}: {
  title: string;
  backTo: string;
  backLabel: string;
  /** 1 when nothing else on the page has a heading (the event itself is missing). */
  order?: 1 | 2;
}) {
  const { t } = useTranslation();
  usePageTitle(title);
  return (
    <Stack gap="md" align="flex-start" py="lg" role="status">
      <Title order={order} size="h2">
        {title}
      </Title>
      <Text>{t('public.notFound.body')}</Text>
      <Button component={Link} to={backTo} variant="default">
        {backLabel}
      </Button>
    </Stack>
  );
}

interface LoadedProps<T> {
  query: UseQueryResult<T>;
  /** What to show when the server says 404. */
  notFound: ReactNode;
  children: (data: T) => ReactNode;
}

/** Loading, not found, error (with retry), or the data. */
export function Loaded<T>({ query, notFound, children }: LoadedProps<T>) {
  if (query.isPending) return <QueryLoading />;
  if (query.isError) {
    if (isNotFound(query.error)) return <>{notFound}</>;
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}
