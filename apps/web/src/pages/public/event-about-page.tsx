import { Badge, Button, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { calendarUrl } from '../../api/public-queries.ts';
import { Markdown } from '../../components/markdown.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useEventContext } from './event-context.ts';
import { EventWhen } from './event-layout.tsx';
import { LinkList } from './link-list.tsx';
import { publicPaths } from './public-paths.ts';

/** `/e/:orgSlug/:eventSlug`: what the event is, when, what it costs, and a way into the programme. */
export function EventAboutPage() {
  const { t } = useTranslation();
  const { event, path } = useEventContext();
  usePageTitle(event.name);

  return (
    <Grid gutter="xl">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Stack gap="md">
          <Title order={2} size="h3">
            {t('public.about.title')}
          </Title>
          {event.summary ? (
            <Text size="lg" fw={500}>
              {event.summary}
            </Text>
          ) : null}
          <Markdown source={event.description} />
          {!event.summary && !event.description.trim() ? (
            <Text c="dimmed">{t('public.about.noDescription')}</Text>
          ) : null}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="md" component="aside" aria-labelledby="event-facts">
          <Stack gap="md">
            <Title order={2} size="h4" id="event-facts">
              {t('public.about.facts')}
            </Title>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {t('public.about.when')}
              </Text>
              <EventWhen event={event} />
            </Stack>
            {event.priceText ? (
              <Stack gap={2}>
                <Text size="sm" fw={600}>
                  {t('public.about.price')}
                </Text>
                <Text size="sm">{event.priceText}</Text>
              </Stack>
            ) : null}
            {event.tags.length > 0 ? (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  {t('public.about.tags')}
                </Text>
                <Group gap={6}>
                  {event.tags.map((tag) => (
                    <Badge
                      key={tag.id}
                      component={Link}
                      to={`${publicPaths.programme(path)}?tag=${tag.id}`}
                      variant="light"
                      color="gray"
                      tt="none"
                      style={{ cursor: 'pointer' }}
                    >
                      {tag.name}
                    </Badge>
                  ))}
                </Group>
              </Stack>
            ) : null}
            <LinkList links={event.links} label={t('public.about.links')} />
            <Stack gap="xs">
              <Button component={Link} to={publicPaths.programme(path)}>
                {t('public.about.toProgramme')}
              </Button>
              <Button component="a" href={calendarUrl(path)} variant="default" data-testid="event-calendar-link">
                {t('public.about.addToCalendar')}
              </Button>
            </Stack>
          </Stack>
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
