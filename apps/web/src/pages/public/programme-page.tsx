import { Button, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePublicSessions } from '../../api/public-queries.ts';
import { QueryError, QueryLoading } from '../../components/query-state.tsx';
import { usePageTitle } from '../../components/use-page-title.ts';
import { useLocale } from '../../i18n/locale.ts';
import { useEventContext } from './event-context.ts';
import { dayLabel, groupByDay } from './programme-days.ts';
import { type Option, programmeOptions } from './programme-options.ts';
import {
  EMPTY_PROGRAMME_FILTER,
  hasSessionFilter,
  type ProgrammeFilter,
  readProgrammeFilter,
  sessionApiFilter,
  writeProgrammeFilter,
} from './public-filters.ts';
import { SessionItem } from './session-item.tsx';

function FilterSelect({
  label,
  all,
  options,
  value,
  onChange,
}: {
  label: string;
  all: string;
  options: Option[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[{ value: '', label: all }, ...options]}
    />
  );
}

/** `/e/:orgSlug/:eventSlug/programme`: the sessions by day in event time, filtered through the URL. */
export function ProgrammePage() {
  const { t } = useTranslation();
  const language = useLocale();
  const { event, path } = useEventContext();
  usePageTitle(`${t('public.programme.title')} · ${event.name}`);
  const [params, setParams] = useSearchParams();
  const filter = readProgrammeFilter(params);
  const [search, setSearch] = useState(filter.q);
  useEffect(() => setSearch(filter.q), [filter.q]);

  // The unfiltered programme gives the filter choices and the days; the filtered one what is shown.
  const all = usePublicSessions(path);
  const shown = usePublicSessions(path, sessionApiFilter(filter));
  // Merge into the URL as it is now, not as it was at the last render: the router renders in a
  // transition, so a second filter picked quickly would otherwise undo the first.
  const update = (change: Partial<ProgrammeFilter>) =>
    setParams(
      writeProgrammeFilter({ ...readProgrammeFilter(new URLSearchParams(window.location.search)), ...change }),
      {
        preventScrollReset: true,
      },
    );

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: search.trim() });
  };

  const options = programmeOptions(all.data ?? [], event.tags);
  const allDays = groupByDay(all.data ?? [], event.timezone).map((d) => d.day);
  const days = groupByDay(shown.data ?? [], event.timezone).filter((d) => !filter.day || d.day === filter.day);
  const filtered = hasSessionFilter(filter) || Boolean(filter.day);
  // Filters over a programme with nothing in it would only lead to more emptiness.
  const nothingYet = all.data?.length === 0 && !filtered;

  return (
    <Stack gap="lg" component="section" aria-labelledby="programme-heading">
      <Title order={2} size="h3" id="programme-heading">
        {t('public.programme.title')}
      </Title>

      <Stack gap="sm" display={nothingYet ? 'none' : undefined}>
        <search aria-label={t('public.programme.search')}>
          <form onSubmit={onSearch}>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput
                label={t('public.programme.search')}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                type="search"
                style={{ flex: 1 }}
              />
              <Button type="submit" variant="default">
                {t('public.programme.searchButton')}
              </Button>
            </Group>
          </form>
        </search>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <FilterSelect
            label={t('public.programme.tag')}
            all={t('public.programme.allTags')}
            options={options.tags}
            value={filter.tag}
            onChange={(tag) => update({ tag })}
          />
          <FilterSelect
            label={t('public.programme.location')}
            all={t('public.programme.allLocations')}
            options={options.locations}
            value={filter.location}
            onChange={(location) => update({ location })}
          />
          <FilterSelect
            label={t('public.programme.person')}
            all={t('public.programme.allPeople')}
            options={options.people}
            value={filter.person}
            onChange={(person) => update({ person })}
          />
        </SimpleGrid>
        {allDays.length > 1 ? (
          <Group gap={6} role="group" aria-label={t('public.programme.days')}>
            {['', ...allDays].map((day) => (
              <Button
                key={day || 'all'}
                size="xs"
                variant={filter.day === day ? 'filled' : 'default'}
                aria-pressed={filter.day === day}
                onClick={() => update({ day })}
              >
                {day ? dayLabel(day, language, 'short') : t('public.programme.allDays')}
              </Button>
            ))}
          </Group>
        ) : null}
        {filtered ? (
          <Button
            variant="subtle"
            size="xs"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => {
              setSearch('');
              setParams(writeProgrammeFilter(EMPTY_PROGRAMME_FILTER));
            }}
          >
            {t('public.programme.clear')}
          </Button>
        ) : null}
      </Stack>

      <Text size="sm" c="dimmed">
        {t('public.programme.timesIn', { zone: event.timezone })}
      </Text>

      {shown.isPending ? (
        <QueryLoading />
      ) : shown.isError ? (
        <QueryError error={shown.error} onRetry={() => void shown.refetch()} />
      ) : days.length === 0 ? (
        <Text c="dimmed" role="status">
          {filtered ? t('public.programme.noMatch') : t('public.programme.empty')}
        </Text>
      ) : (
        <Stack gap="xl" aria-busy={shown.isPlaceholderData} style={{ opacity: shown.isPlaceholderData ? 0.6 : 1 }}>
          {days.map(({ day, sessions }) => (
            <Stack key={day} gap="sm" component="section" aria-labelledby={`day-${day}`} data-testid="programme-day">
              <Title order={3} size="h4" id={`day-${day}`}>
                {dayLabel(day, language)}
              </Title>
              {sessions.map((session) => (
                <SessionItem
                  key={session.id}
                  session={session}
                  path={path}
                  timeZone={event.timezone}
                  headingOrder={4}
                />
              ))}
            </Stack>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
