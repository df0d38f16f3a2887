import { useTranslation } from 'react-i18next';
import { Stack, Tabs, Title } from '@mantine/core';
import { detentionRowIds } from './syncModel';
import { useRecordConsultations } from '../../db/useRecordConsultations';
import { useSync } from '../../sync/SyncContext';
import type { SyncApi } from '../../sync/types';
import { useLanguage } from '../../ui/useLanguage';
import { ConflictList } from './ConflictList';
import { RejectionList } from './RejectionList';
import { SyncJournal } from './SyncJournal';
import { toSyncSection, type SyncSection } from './syncSections';

/** "À vérifier (2)": a tab's name with the number of items waiting, when there are any. */
function withCount(label: string, count: number | undefined, format: (label: string, count: number) => string) {
  return count === undefined || count === 0 ? label : format(label, count);
}

/**
 * *Synchronisation*: the journal of syncs, *À vérifier* (conflicts to settle) and *Rejets* (ops
 * the server refused). The section is the shell's, so the status bar and the dialog can open one.
 */
export function SyncPageView({
  sync,
  section,
  onSectionChange,
}: {
  sync: Pick<
    SyncApi,
    'journal' | 'conflicts' | 'rejections' | 'resolveConflict' | 'resendRejection' | 'discardRejection'
  >;
  section: SyncSection;
  onSectionChange: (section: SyncSection) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const format = (label: string, count: number) => t('sync.page.countLabel', { label, count });
  return (
    <Stack gap="md">
      <Title order={2}>{t('sync.page.title')}</Title>
      <Tabs
        value={section}
        onChange={(value) => {
          onSectionChange(toSyncSection(value));
        }}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('sync.page.tabsLabel')} mb="md">
          <Tabs.Tab value="journal">{t('sync.page.journal')}</Tabs.Tab>
          <Tabs.Tab value="review">{withCount(t('sync.page.review'), sync.conflicts?.length, format)}</Tabs.Tab>
          <Tabs.Tab value="rejections">
            {withCount(t('sync.page.rejections'), sync.rejections?.length, format)}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="journal">
          <SyncJournal journal={sync.journal} language={language} />
        </Tabs.Panel>
        <Tabs.Panel value="review">
          <ConflictList
            conflicts={sync.conflicts}
            language={language}
            resolve={(key, choice) => sync.resolveConflict(key, choice)}
          />
        </Tabs.Panel>
        <Tabs.Panel value="rejections">
          <RejectionList
            rejections={sync.rejections}
            language={language}
            resend={(id) => sync.resendRejection(id)}
            discard={(id) => sync.discardRejection(id)}
          />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

export function SyncPage(props: { section: SyncSection; onSectionChange: (section: SyncSection) => void }) {
  const sync = useSync();
  // *À vérifier* and *Rejets* show the values of detention records: each is a consultation.
  useRecordConsultations(props.section === 'review' ? detentionRowIds(sync.conflicts) : [], 'detentionConflict');
  useRecordConsultations(props.section === 'rejections' ? detentionRowIds(sync.rejections) : [], 'detentionRejection');
  return <SyncPageView sync={sync} {...props} />;
}
