import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePublicLocations, usePublicSessions } from '../../api/public-queries.ts';
import { Markdown } from '../../components/markdown.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useEventContext } from './event-context.ts';
import { LinkList } from './link-list.tsx';
import { LocationDetails } from './location-details.tsx';
import { groupByDay } from './programme-days.ts';
import { publicPaths } from './public-paths.ts';
import { Loaded, PublicNotFound } from './public-states.tsx';
import { SessionItem } from './session-item.tsx';

function LocationSessions({ locationId }: { locationId: string }) {
  const { t } = useTranslation();
  const { event, path } = useEventContext();
  const sessions = usePublicSessions(path, { location: locationId });
  if (sessions.isPending) return <QueryLoading />;
  if (sessions.isError) return <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />;
  const ordered = groupByDay(sessions.data, event.timezone).flatMap((d) => d.sessions);
  if (ordered.length === 0) return <Text c="dimmed">{t('public.locations.noSessions')}</Text>;
  return ordered.map((s) => (
    <SessionItem key={s.id} session={s} path={path} timeZone={event.timezone} withDay headingOrder={4} />
  ));
}

/** `/e/:orgSlug/:eventSlug/locations/:locationId`: the place, its address, and what happens there. */
export function LocationPage() {
  const { t } = useTranslation();
  const { event, path } = useEventContext();
  const { locationId = '' } = useParams();
  // There is no public route for one location: it is one of the event's.
  const locations = usePublicLocations(path);
  const location = locations.data?.find((l) => l.id === locationId);
  usePageTitle(location ? `${location.name} · ${event.name}` : t('public.locations.title'));
  const notFound = (
    <PublicNotFound
      title={t('public.notFound.location')}
      backTo={publicPaths.locations(path)}
      backLabel={t('public.notFound.toLocations')}
    />
  );

  return (
    <Loaded query={locations} notFound={notFound}>
      {() =>
        !location ? (
          notFound
        ) : (
          <Stack gap="lg" component="article" aria-labelledby="location-heading">
            <Stack gap="sm">
              <Title order={2} size="h3" id="location-heading">
                {location.name}
              </Title>
              <LocationDetails location={location} />
              <Markdown source={location.description} />
              <LinkList links={location.links} label={t('public.locations.links', { name: location.name })} />
            </Stack>
            <Stack gap="sm" component="section" aria-labelledby="location-sessions">
              <Title order={3} size="h4" id="location-sessions">
                {t('public.locations.sessions')}
              </Title>
              <LocationSessions locationId={location.id} />
            </Stack>
          </Stack>
        )
      }
    </Loaded>
  );
}
