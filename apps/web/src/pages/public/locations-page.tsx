import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicLocations } from '../../api/public-queries.ts';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useEventContext } from './event-context.ts';
import { LocationDetails } from './location-details.tsx';
import { publicPaths } from './public-paths.ts';
import { Loaded } from './public-states.tsx';

/** `/e/:orgSlug/:eventSlug/locations`: where the sessions take place, with addresses. */
export function LocationsPage() {
  const { t } = useTranslation();
  const { event, path } = useEventContext();
  usePageTitle(`${t('public.locations.title')} · ${event.name}`);
  const locations = usePublicLocations(path);

  return (
    <Stack gap="md" component="section" aria-labelledby="locations-heading">
      <Title order={2} size="h3" id="locations-heading">
        {t('public.locations.title')}
      </Title>
      <Loaded query={locations} notFound={<Text c="dimmed">{t('public.locations.empty')}</Text>}>
        {(items) =>
          items.length === 0 ? (
            <Text c="dimmed" role="status">
              {t('public.locations.empty')}
            </Text>
          ) : (
            <SimpleGrid
              cols={{ base: 1, sm: 2 }}
              spacing="md"
              component="ul"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {[...items]
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((location) => (
                  <Paper key={location.id} withBorder p="md" component="li">
                    <Stack gap="xs">
                      <Title order={3} size="h4">
                        <Anchor component={Link} to={publicPaths.location(path, location.id)} inherit>
                          {location.name}
                        </Anchor>
                      </Title>
                      <LocationDetails location={location} />
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
