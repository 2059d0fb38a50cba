import type { SessionWithIncludes } from '@foyer/contracts';
import { Anchor, Badge, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sessionCalendarUrl } from '../../api/public-queries.ts';
import { useLocale } from '../../i18n/locale.ts';
import { dayIn, dayLabel, timeRange, zoneAbbreviation } from './programme-days.ts';
import { publicPaths } from './public-paths.ts';

interface SessionItemProps {
  session: SessionWithIncludes;
  /** The event's path and timezone: times are shown in the event's zone. */
  path: string;
  timeZone: string;
  /** Also name the day (lists that are not grouped by day). */
  withDay?: boolean;
  /** Heading level of the title inside the list it sits in. */
  headingOrder?: 3 | 4;
  /** A location name when the session came without its `location` embedded. */
  locationName?: string;
}

/** The time of a session in the event's zone, with the zone named ("18:00–19:30 CEST"). */
export function SessionTime({
  session,
  timeZone,
  withDay,
}: Pick<SessionItemProps, 'session' | 'timeZone' | 'withDay'>) {
  const language = useLocale();
  if (!session.startsAt) return null;
  const day = withDay ? `${dayLabel(dayIn(session.startsAt, timeZone), language, 'short')}, ` : '';
  return (
    <time dateTime={session.startsAt}>
      {day}
      {timeRange(session.startsAt, session.endsAt, timeZone, language)}{' '}
      {zoneAbbreviation(session.startsAt, timeZone, language)}
    </time>
  );
}

/** One session in a programme: time, title, location, people, tags and its calendar file. */
export function SessionItem({ session, path, timeZone, withDay, headingOrder = 3, locationName }: SessionItemProps) {
  const { t } = useTranslation();
  const location = session.location?.name ?? locationName;
  return (
    <Paper withBorder p="md" component="article" aria-labelledby={`session-${session.id}`} data-testid="session-item">
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" align="baseline">
          <Text size="sm" fw={600} c="var(--mantine-primary-color-light-color)">
            <SessionTime session={session} timeZone={timeZone} withDay={withDay} />
          </Text>
          <Badge variant="default" size="sm">
            {t(`public.sessionKinds.${session.kind}`)}
          </Badge>
        </Group>
        <Title order={headingOrder} size="h4" id={`session-${session.id}`}>
          <Anchor component={Link} to={publicPaths.session(path, session.id)} inherit>
            {session.title}
          </Anchor>
        </Title>
        {location && session.locationId ? (
          <Text size="sm">
            <Text span c="dimmed">
              {t('public.session.where')}{' '}
            </Text>
            <Anchor component={Link} to={publicPaths.location(path, session.locationId)}>
              {location}
            </Anchor>
          </Text>
        ) : null}
        {session.people?.length ? (
          <Text size="sm">
            <Text span c="dimmed">
              {t('public.session.with')}{' '}
            </Text>
            {session.people.map((person, i) => (
              <span key={person.id}>
                {i > 0 ? ', ' : ''}
                <Anchor component={Link} to={publicPaths.person(path, person.id)}>
                  {person.name}
                </Anchor>
              </span>
            ))}
          </Text>
        ) : null}
        <Group justify="space-between" gap="xs">
          <Group gap={6}>
            {session.tags?.map((tag) => (
              <Badge key={tag.id} variant="light" color="gray" size="sm" tt="none">
                {tag.name}
              </Badge>
            ))}
          </Group>
          {session.startsAt ? (
            <Anchor href={sessionCalendarUrl(session.id)} size="sm">
              {t('public.session.addToCalendar')}
              {/* The visible words start the name, so voice control finds it; the title tells the links apart. */}
              <VisuallyHidden>: {session.title}</VisuallyHidden>
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}
