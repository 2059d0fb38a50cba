import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink, useMatch } from 'react-router';

const LINKS = [
  { to: '/', labelKey: 'nav.home' },
  { to: '/events', labelKey: 'public.nav.events' },
  { to: '/about', labelKey: 'nav.about' },
] as const;

interface NavLinksProps {
  /** Stacked full-width links for the mobile drawer instead of a row in the header. */
  stacked?: boolean;
  onNavigate?: () => void;
}

function NavItem({ to, label, stacked, onNavigate }: NavLinksProps & { to: string; label: string }) {
  const active = useMatch({ path: to, end: true }) !== null;
  // React Router's NavLink sets aria-current="page"; the variant only mirrors it visually.
  return (
    <Button
      component={NavLink}
      to={to}
      end
      variant={active ? 'light' : 'subtle'}
      color={active ? undefined : 'gray'}
      c={active ? undefined : 'var(--mantine-color-text)'}
      onClick={onNavigate}
      fullWidth={stacked}
      justify={stacked ? 'flex-start' : 'center'}
    >
      {label}
    </Button>
  );
}

/** The primary links, laid out by the caller (a row in the header, a column in the mobile drawer). */
export function NavLinks(props: NavLinksProps) {
  const { t } = useTranslation();
  return LINKS.map((link) => <NavItem key={link.to} to={link.to} label={t(link.labelKey)} {...props} />);
}
