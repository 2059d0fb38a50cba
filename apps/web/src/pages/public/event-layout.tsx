import type { PublicEvent } from '@foyer/contracts';
import { Anchor, Badge, Button, Container, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useMatch, useParams } from 'react-router';
import { usePublicEvent } from '../../api/public-queries.ts';
import { useLocale } from '../../i18n/locale.ts';
import { eventDates } from '../events/event-labels.ts';
import type { PublicEventContext } from './event-context.ts';
import { EventCover } from './event-cover.tsx';
import { publicPaths } from './public-paths.ts';
import { Loaded, PublicNotFound } from './public-states.tsx';

const SECTIONS = [
  { key: 'about', to: publicPaths.event, end: true },
  // A session page belongs to the programme.
  { key: 'programme', to: publicPaths.programme, end: false, also: (path: string) => `/e/${path}/sessions` },
  { key: 'people', to: publicPaths.people, end: false },
  { key: 'locations', to: publicPaths.locations, end: false },
  { key: 'register', to: publicPaths.register, end: false },
] as const;

function SectionLink({ to, end, also, label }: { to: string; end: boolean; also?: string; label: string }) {
  const here = useMatch({ path: to, end }) !== null;
  const inside = useMatch({ path: also ?? to, end: false }) !== null;
  const active = here || (also !== undefined && inside);
  return (
    <Button
      component={NavLink}
      to={to}
      end={end}
      variant={active ? 'light' : 'subtle'}
      color={active ? undefined : 'gray'}
      c={active ? undefined : 'var(--mantine-color-text)'}
      size="sm"
      px="sm"
    >
      {label}
    </Button>
  );
}

/** "12–14 Jul 2027, 18:00 – 23:30 (CEST) · Europe/Berlin": dates in the event's zone, the zone named. */
export function EventWhen({ event }: { event: PublicEvent }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Text size="sm" c="dimmed">
      {eventDates(event.startsAt, event.endsAt, event.timezone, locale)} ·{' '}
      {t('public.event.timezone', { zone: event.timezone })}
    </Text>
  );
}

function EventHeader({ event, path }: PublicEventContext) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="header">
      <EventCover eventId={event.id} />
      <Text size="sm" c="dimmed">
        {event.organization.name}
      </Text>
      <Title order={1} fz={{ base: 28, sm: 36 }} lh={1.2}>
        {event.name}
      </Title>
      <EventWhen event={event} />
      <Group gap="xs">
        <Badge variant="light">{t(`events.kinds.${event.kind}`)}</Badge>
        <Badge variant="outline">{t(`events.formats.${event.format}`)}</Badge>
        {event.status === 'live' ? (
          <Badge color="green" variant="filled">
            {t('public.event.live')}
          </Badge>
        ) : null}
        {event.status === 'cancelled' ? (
          <Badge color="red" variant="filled">
            {t('public.event.cancelled')}
          </Badge>
        ) : null}
      </Group>
      <Group component="nav" aria-label={t('public.event.sections')} gap={4} py={4}>
        {SECTIONS.map((s) => (
          <SectionLink
            key={s.key}
            to={s.to(path)}
            end={s.end}
            also={'also' in s ? s.also(path) : undefined}
            label={t(`public.event.nav.${s.key}`)}
          />
        ))}
      </Group>
    </Stack>
  );
}

/** `/e/:orgSlug/:eventSlug/*`: loads the event once, shows its header and section links around the page. */
export function PublicEventLayout() {
  const { t } = useTranslation();
  const { orgSlug = '', eventSlug = '' } = useParams();
  const path = `${orgSlug}/${eventSlug}`;
  const event = usePublicEvent(path);

  return (
    <Container size="lg" py="md">
      <Stack gap="lg">
        <Anchor component={Link} to={publicPaths.events} size="sm">
          {t('public.event.back')}
        </Anchor>
        <Loaded
          query={event}
          notFound={
            <PublicNotFound
              order={1}
              title={t('public.notFound.event')}
              backTo={publicPaths.events}
              backLabel={t('public.notFound.toEvents')}
            />
          }
        >
          {(data) => {
            const context: PublicEventContext = { event: data, path };
            return (
              <>
                <EventHeader {...context} />
                <Outlet context={context} />
              </>
            );
          }}
        </Loaded>
      </Stack>
    </Container>
  );
}
