import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Loader, Text } from '@mantine/core';
import type { HostError } from '../../shared/result';
import { ErrorAlert } from './Alerts';

/**
 * The states of a list loaded by a call (the administration tabs' lists): the load error with a
 * retry (the last list stays below it), a loader the first time, an empty message, the table.
 */
export function ListPanel<T>({
  items,
  state,
  loadingLabel,
  emptyLabel,
  errorTitle,
  children,
}: {
  items: readonly T[] | null;
  state: { error: HostError | null; isLoading: boolean; reload: () => void };
  loadingLabel: string;
  emptyLabel: string;
  /** The load error's title (*Impossible de charger la liste* by default). */
  errorTitle?: string;
  children: (items: readonly T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      {state.error && (
        <ErrorAlert
          error={state.error}
          title={errorTitle ?? t('admin.common.loadErrorTitle')}
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
