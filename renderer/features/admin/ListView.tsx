import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loader, Text } from '@mantine/core';
import type { HostError } from '../../../shared/result';
import { ErrorAlert } from '../../ui/Alerts';

/**
 * The states of a server list, the same on every administration tab: the load error with a
 * retry (the last list stays below it), a loader the first time, an empty message, the table.
 */
export function ListView<T>({
  items,
  state,
  loadingLabel,
  emptyLabel,
  children,
}: {
  items: readonly T[] | null;
  state: { error: HostError | null; isLoading: boolean; reload: () => void };
  loadingLabel: string;
  emptyLabel: string;
  children: (items: readonly T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {state.error && (
        <ErrorAlert
          error={state.error}
          title={t('admin.common.loadErrorTitle')}
          onRetry={state.reload}
          retryDisabled={state.isLoading}
        />
      )}
      {items === null ? (
        state.isLoading && <Loader aria-label={loadingLabel} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{emptyLabel}</Text>
      ) : (
        children(items)
      )}
    </>
  );
}
