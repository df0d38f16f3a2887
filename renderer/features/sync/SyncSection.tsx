import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Loader, Stack, Text } from '@mantine/core';
import { NoticeAlert, type Notice } from '../../ui/Notice';

/**
 * The frame shared by the *À vérifier* and *Rejets* sections: the introduction, the notice of
 * the last action, the failure alert, then a loader, the empty message or the list. Texts are
 * `sync.<section>.intro|failed|loading|empty|listLabel`.
 */
export function SyncSection<T>({
  section,
  items,
  notice,
  onCloseNotice,
  failed,
  emptyTestId,
  renderItem,
}: {
  section: 'review' | 'rejections';
  items: readonly T[] | undefined;
  notice: Notice | null;
  onCloseNotice: () => void;
  failed: boolean;
  emptyTestId?: string;
  renderItem: (item: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t(`sync.${section}.intro`)}
      </Text>
      <NoticeAlert notice={notice} onClose={onCloseNotice} />
      {failed && (
        <Alert color="red" role="alert">
          {t(`sync.${section}.failed`)}
        </Alert>
      )}
      {items === undefined ? (
        <Loader aria-label={t(`sync.${section}.loading`)} />
      ) : items.length === 0 ? (
        <Text c="dimmed" data-testid={emptyTestId}>
          {t(`sync.${section}.empty`)}
        </Text>
      ) : (
        <Stack gap="sm" role="list" aria-label={t(`sync.${section}.listLabel`)}>
          {items.map(renderItem)}
        </Stack>
      )}
    </Stack>
  );
}
