import { useLocalStorage } from '@mantine/hooks';

/** Only the id is stored; names and roles always come from the server. */
const CURRENT_ORG_KEY = 'foyer-current-org';

/** The organization last worked in, remembered per browser (and shared between its tabs). */
export function useCurrentOrgId() {
  return useLocalStorage<string | null>({
    key: CURRENT_ORG_KEY,
    defaultValue: null,
    getInitialValueInEffect: false,
    serialize: (value) => value ?? '',
    deserialize: (value) => value || null,
  });
}
