import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { sessionCalendarUrl, usePublicSession } from '../../api/public-queries.ts';
import { Markdown } from '../../components/markdown.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { useEventContext } from './event-context.ts';
import { dayIn, dayLabel } from './programme-days.ts';
import { publicPaths } from './public-paths.ts';
import { Loaded, PublicNotFound } from './public-states.tsx';
import { SessionTime } from './session-item.tsx';

/** `/e/:orgSlug/:eventSlug/sessions/:sessionId`: one session in full. */
export function SessionPage() {
  const { t } = useTranslation();
  const language = useLocale();
  const { event, path } = useEventContext();
  const { sessionId = '' } = useParams();
  const session = usePublicSession(sessionId);
  usePageTitle(session.data ? `${session.data.title} · ${event.name}` : t('public.programme.title'));
  const notFound = (
    <PublicNotFound
      title={t('public.notFound.session')}
      backTo={publicPaths.programme(path)}
      backLabel={t('public.notFound.toProgramme')}
    />
  );

  return (
    <Loaded query={session} notFound={notFound}>
      {(s) =>
        s.eventId !== event.id ? (
          notFound
        ) : (
          <Stack gap="md" component="article" aria-labelledby="session-heading">
            <Anchor component={Link} to={publicPaths.programme(path)} size="sm">
              {t('public.session.back')}
            </Anchor>
            <Group gap="xs">
              <Badge variant="default">{t(`public.sessionKinds.${s.kind}`)}</Badge>
              {s.tags?.map((tag) => (
                <Badge key={tag.id} variant="light" color="gray" tt="none">
                  {tag.name}
                </Badge>
              ))}
            </Group>
            <Title order={2} size="h3" id="session-heading">
              {s.title}
            </Title>
            <Stack gap={4}>
              {s.startsAt ? (
                <Text fw={600}>
                  {dayLabel(dayIn(s.startsAt, event.timezone), language)},{' '}
                  <SessionTime session={s} timeZone={event.timezone} />
                </Text>
              ) : null}
              {s.location ? (
                <Text>
                  <Text span c="dimmed">
                    {t('public.session.where')}{' '}
                  </Text>
                  <Anchor component={Link} to={publicPaths.location(path, s.location.id)}>
                    {s.location.name}
                  </Anchor>
                </Text>
              ) : null}
              {s.people?.length ? (
                <Text>
                  <Text span c="dimmed">
                    {t('public.session.with')}{' '}
                  </Text>
                  {s.people.map((person, i) => (
                    <span key={person.id}>
                      {i > 0 ? ', ' : ''}
                      <Anchor component={Link} to={publicPaths.person(path, person.id)}>
                        {person.name}
                      </Anchor>
                    </span>
                  ))}
                </Text>
              ) : null}
            </Stack>
            <Markdown source={s.description} />
            <Group gap="sm">
              {s.startsAt ? (
                <Button component="a" href={sessionCalendarUrl(s.id)} variant="default">
                  {t('public.session.addToCalendar')}
                </Button>
              ) : null}
              {s.streamUrl ? (
                <Button component="a" href={s.streamUrl} target="_blank" rel="noopener noreferrer" variant="light">
                  {t('public.session.watch')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        )
      }
    </Loaded>
  );
}
