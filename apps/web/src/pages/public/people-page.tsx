import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicPeople } from '../../api/public-queries.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useEventContext } from './event-context.ts';
import { publicPaths } from './public-paths.ts';
import { Loaded } from './public-states.tsx';
import { bioTeaser } from './teaser.ts';

/** `/e/:orgSlug/:eventSlug/people`: speakers, artists, facilitators. */
export function PeoplePage() {
  const { t } = useTranslation();
  const { event, path } = useEventContext();
  usePageTitle(`${t('public.people.title')} · ${event.name}`);
  const people = usePublicPeople(path);

  return (
    <Stack gap="md" component="section" aria-labelledby="people-heading">
      <Title order={2} size="h3" id="people-heading">
        {t('public.people.title')}
      </Title>
      <Loaded query={people} notFound={<Text c="dimmed">{t('public.people.empty')}</Text>}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed" role="status">
              {t('public.people.empty')}
            </Text>
          ) : (
            <SimpleGrid
              cols={{ base: 1, sm: 2, md: 3 }}
              spacing="md"
              component="ul"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {items.map((person) => (
                <Paper key={person.id} withBorder p="md" component="li">
                  <Stack gap={4}>
                    <Title order={3} size="h4">
                      <Anchor component={Link} to={publicPaths.person(path, person.id)} inherit>
                        {person.name}
                      </Anchor>
                    </Title>
                    {person.sessions?.length ? (
                      <Text size="sm" c="dimmed">
                        {t('public.people.sessionCount', { count: person.sessions.length })}
                      </Text>
                    ) : null}
                    {person.bio ? <Text size="sm">{bioTeaser(person.bio)}</Text> : null}
                  </Stack>
                </Paper>
              ))}
            </SimpleGrid>
          )
        }
      </Loaded>
    </Stack>
  );
}
