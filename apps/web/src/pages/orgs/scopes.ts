import { ApiKeyScope } from '@foyer/contracts';

export const SCOPES = ApiKeyScope.options;

/** i18next reads `:` as a namespace separator, so scope names become keys with `_`. */
export const scopeKey = (scope: ApiKeyScope) => scope.replace(':', '_') as 'catalog_read';
