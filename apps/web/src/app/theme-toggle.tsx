import { ActionIcon, Button, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { MoonIcon, SunIcon } from '../components/icons.tsx';

/** The colour-scheme switch: an icon button in the header, a labelled button (`withLabel`) in the phone's drawer. */
export function ThemeToggle({ withLabel = false }: { withLabel?: boolean }) {
  const { t } = useTranslation();
  const { setColorScheme } = useMantineColorScheme();
  // Until the visitor picks one, the scheme follows the system ("auto"); the
  // computed value tells us which of the two is showing right now.
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = computed === 'dark' ? 'light' : 'dark';
  const label = next === 'dark' ? t('theme.toDark') : t('theme.toLight');

  const icon = next === 'dark' ? <MoonIcon /> : <SunIcon />;
  if (withLabel) {
    return (
      <Button variant="default" leftSection={icon} onClick={() => setColorScheme(next)} justify="flex-start">
        {label}
      </Button>
    );
  }
  return (
    <ActionIcon
      variant="default"
      size="lg"
      onClick={() => setColorScheme(next)}
      aria-label={label}
      title={label}
      data-testid="theme-toggle"
    >
      {icon}
    </ActionIcon>
  );
}
