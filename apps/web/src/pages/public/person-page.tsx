import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePublicLocations, usePublicPerson } from '../../api/public-queries.ts';
import { Markdown } from '../../components/markdown.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useEventContext } from './event-context.ts';
import { LinkList } from './link-list.tsx';
import { groupByDay } from './programme-days.ts';
import { publicPaths } from './public-paths.ts';
import { Loaded, PublicNotFound } from './public-states.tsx';
import { SessionItem } from './session-item.tsx';

/** `/e/:orgSlug/:eventSlug/people/:personId`: who they are and when to see them. */
export function PersonPage() {
  const { t } = useTranslation();
  const { event, path } = useEventContext();
  const { personId = '' } = useParams();
  const person = usePublicPerson(personId);
  // Sessions of a person come without their location; the event's locations name them.
  const locations = usePublicLocations(path);
  const locationName = (id: string | null) => locations.data?.find((l) => l.id === id)?.name;
  usePageTitle(person.data ? `${person.data.name} · ${event.name}` : t('public.people.title'));
  const notFound = (
    <PublicNotFound
      title={t('public.notFound.person')}
      backTo={publicPaths.people(path)}
      backLabel={t('public.notFound.toPeople')}
    />
  );

  return (
    <Loaded query={person} notFound={notFound}>
      {(p) => {
        if (p.eventId !== event.id) return notFound;
        const sessions = groupByDay(p.sessions ?? [], event.timezone).flatMap((d) => d.sessions);
        return (
          <Stack gap="lg" component="article" aria-labelledby="person-heading">
            <Stack gap="sm">
              <Title order={2} size="h3" id="person-heading">
                {p.name}
              </Title>
              <Markdown source={p.bio} />
              <LinkList links={p.links} label={t('public.person.links', { name: p.name })} />
            </Stack>
            <Stack gap="sm" component="section" aria-labelledby="person-sessions">
              <Title order={3} size="h4" id="person-sessions">
                {t('public.person.sessions')}
              </Title>
              {sessions.length === 0 ? (
                <Text c="dimmed">{t('public.person.noSessions')}</Text>
              ) : (
                sessions.map((s) => (
                  <SessionItem
                    key={s.id}
                    session={s}
                    path={path}
                    timeZone={event.timezone}
                    withDay
                    headingOrder={4}
                    locationName={locationName(s.locationId)}
                  />
                ))
              )}
            </Stack>
          </Stack>
        );
      }}
    </Loaded>
  );
}
