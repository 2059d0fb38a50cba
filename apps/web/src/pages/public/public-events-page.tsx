import type { PublicEvent } from '@foyer/contracts';
import {
  Anchor,
  Badge,
  Button,
  Center,
  Collapse,
  Container,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { usePublicEvents } from '../../api/public-queries.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { eventDates, FORMATS, KINDS } from '../events/event-labels.ts';
import { browserTimeZone } from '../events/zoned-time.ts';
import {
  EMPTY_EVENT_FILTER,
  type EventListFilter,
  eventApiFilter,
  hasEventFilter,
  readEventFilter,
  writeEventFilter,
} from './public-filters.ts';
import { publicPaths } from './public-paths.ts';

function EventCard({ event }: { event: PublicEvent }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Paper withBorder p="md" component="li" data-testid="public-event">
      <Stack gap={6}>
        <Text size="sm" c="dimmed">
          {event.organization.name}
        </Text>
        <Title order={2} size="h4">
          <Anchor component={Link} to={publicPaths.event(event.path)} inherit>
            {event.name}
          </Anchor>
        </Title>
        <Text size="sm">{eventDates(event.startsAt, event.endsAt, event.timezone, locale)}</Text>
        <Group gap={6}>
          <Badge variant="light">{t(`events.kinds.${event.kind}`)}</Badge>
          <Badge variant="outline">{t(`events.formats.${event.format}`)}</Badge>
          {event.tags.slice(0, 4).map((tag) => (
            <Badge key={tag.id} variant="light" color="gray" tt="none">
              {tag.name}
            </Badge>
          ))}
        </Group>
        {event.summary ? <Text size="sm">{event.summary}</Text> : null}
        {event.priceText ? (
          <Text size="sm" c="dimmed">
            {event.priceText}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** `/events`: every published public event, searchable; the filters live in the URL so results can be shared. */
export function PublicEventsPage() {
  const { t } = useTranslation();
  usePageTitle(t('public.list.title'));
  const { user } = useAuth();
  const signedIn = user !== null;
  const [params, setParams] = useSearchParams();
  const filter = readEventFilter(params);
  const [draft, setDraft] = useState<EventListFilter>(filter);
  const query = writeEventFilter(filter).toString();
  // Back/forward and shared links change the URL: the form follows.
  useEffect(() => setDraft(readEventFilter(new URLSearchParams(query))), [query]);
  const apiFilter = useMemo(
    () => eventApiFilter(readEventFilter(new URLSearchParams(query)), browserTimeZone(), signedIn),
    [query, signedIn],
  );
  const events = usePublicEvents(apiFilter);
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];

  const field = (key: keyof EventListFilter) => ({
    value: draft[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setDraft((d) => ({ ...d, [key]: value }));
    },
  });
  // On a phone the filters would fill the first screen: they fold behind a button (open when some are set).
  const wide = useMediaQuery('(min-width: 36em)', true, { getInitialValueInEffect: false });
  const activeFilters = (['kind', 'format', 'from', 'to', 'tag'] as const).filter((key) => filter[key] !== '').length;
  const [filtersOpen, setFiltersOpen] = useState(activeFilters > 0);
  const filtersId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(writeEventFilter(draft));
  };

  return (
    <Container size="lg" py="md">
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={1}>{t('public.list.title')}</Title>
          <Text c="dimmed">{t('public.list.lead')}</Text>
        </Stack>

        <Paper
          withBorder
          p="md"
          component="form"
          role="search"
          aria-label={t('public.list.searchLabel')}
          onSubmit={submit}
        >
          <Stack gap="sm">
            <TextInput type="search" label={t('public.list.q')} {...field('q')} />
            {wide ? null : (
              <Button
                variant="default"
                onClick={() => setFiltersOpen((open) => !open)}
                aria-expanded={filtersOpen}
                aria-controls={filtersId}
                style={{ alignSelf: 'flex-start' }}
              >
                {activeFilters > 0
                  ? t('public.list.filtersActive', { count: activeFilters })
                  : t('public.list.filters')}
              </Button>
            )}
            <Collapse in={wide || filtersOpen} id={filtersId}>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} spacing="sm">
                <NativeSelect
                  label={t('public.list.kind')}
                  data={[
                    { value: '', label: t('public.list.anyKind') },
                    ...KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) })),
                  ]}
                  {...field('kind')}
                />
                <NativeSelect
                  label={t('public.list.format')}
                  data={[
                    { value: '', label: t('public.list.anyFormat') },
                    ...FORMATS.map((f) => ({ value: f, label: t(`events.formats.${f}`) })),
                  ]}
                  {...field('format')}
                />
                <TextInput type="date" label={t('public.list.from')} {...field('from')} />
                <TextInput type="date" label={t('public.list.to')} {...field('to')} />
                <TextInput label={t('public.list.tag')} {...field('tag')} />
              </SimpleGrid>
            </Collapse>
            {signedIn ? (
              <Switch
                label={t('public.list.fitsMe')}
                description={
                  <>
                    {t('public.list.fitsMeHint')}{' '}
                    <Anchor component={Link} to="/account" inherit>
                      {t('public.list.fitsMeLink')}
                    </Anchor>
                  </>
                }
                checked={filter.fits === 'me'}
                // Applies at once, keeping the other filters as they are in the URL.
                onChange={(e) => setParams(writeEventFilter({ ...filter, fits: e.currentTarget.checked ? 'me' : '' }))}
              />
            ) : null}
            <Group gap="sm">
              <Button type="submit">{t('public.list.search')}</Button>
              {hasEventFilter(filter) ? (
                <Button variant="subtle" onClick={() => setParams(writeEventFilter(EMPTY_EVENT_FILTER))}>
                  {t('public.list.clear')}
                </Button>
              ) : null}
            </Group>
          </Stack>
        </Paper>

        <section aria-label={t('public.list.results')} aria-busy={events.isFetching}>
          {events.isPending ? (
            <QueryLoading />
          ) : events.isError ? (
            <QueryError error={events.error} onRetry={() => void events.refetch()} />
          ) : items.length === 0 ? (
            <Text c="dimmed" role="status">
              {hasEventFilter(filter) ? t('public.list.noMatch') : t('public.list.empty')}
            </Text>
          ) : (
            <Stack gap="md">
              <SimpleGrid
                cols={{ base: 1, sm: 2 }}
                spacing="md"
                component="ul"
                style={{ listStyle: 'none', padding: 0, margin: 0 }}
              >
                {items.map((event) => (
                  <EventCard key={event.id} event={event} />
                ))}
              </SimpleGrid>
              {events.hasNextPage ? (
                <Center>
                  <Button
                    variant="default"
                    onClick={() => void events.fetchNextPage()}
                    loading={events.isFetchingNextPage}
                  >
                    {t('public.list.loadMore')}
                  </Button>
                </Center>
              ) : null}
            </Stack>
          )}
        </section>
      </Stack>
    </Container>
  );
}
