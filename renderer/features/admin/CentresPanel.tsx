import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListPanel } from '../../ui/ListPanel';
import { Button, Group, Stack, Table, Text } from '@mantine/core';
import { canManageCentres, type Actor } from '../../../shared/auth/authorization';
import type { Centre } from '../../../shared/auth/schemas';
import { useLanguage } from '../../ui/useLanguage';
import { formatNumber } from '../../i18n/format';
import { FormDialog } from '../../ui/FormDialog';
import { NoticeAlert, statusNotice, type Notice } from '../../ui/Notice';
import { regionName, sortCentres } from './adminModel';
import { CentreForm } from './CentreForm';
import type { RouteList } from '../../ui/useRouteList';

type Editing = { centre?: Centre };

/** *Centres*: everyone reads the centres they serve; administrators create and change them. */
export function CentresPanel({ actor, centres }: { actor: Actor; centres: RouteList<'listCentres'> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const mayManage = canManageCentres(actor);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [isFormOpen, setFormOpen] = useState(false);
  // What was just saved: the notice is worded at render, in the language of the moment.
  const [notice, setNotice] = useState<Notice | null>(null);

  const openForm = (next: Editing) => {
    setNotice(null);
    setEditing(next);
    setFormOpen(true);
  };
  const list = centres.data ? sortCentres(centres.data.centres) : null;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text c="dimmed" size="sm" maw={640}>
          {mayManage ? t('admin.centres.intro') : t('admin.centres.readOnly')}
        </Text>
        {mayManage && (
          <Button
            onClick={() => {
              openForm({});
            }}
          >
            {t('admin.centres.new')}
          </Button>
        )}
      </Group>
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      <ListPanel
        items={list}
        state={centres}
        loadingLabel={t('admin.centres.loading')}
        emptyLabel={t('admin.centres.empty')}
      >
        {(items) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover aria-label={t('admin.centres.tableLabel')} data-testid="centre-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.centres.columns.code')}</Table.Th>
                  <Table.Th>{t('admin.centres.columns.nameFr')}</Table.Th>
                  <Table.Th>{t('admin.centres.columns.nameAr')}</Table.Th>
                  <Table.Th>{t('admin.centres.columns.region')}</Table.Th>
                  <Table.Th>{t('admin.centres.columns.privacy')}</Table.Th>
                  {mayManage && <Table.Th>{t('admin.common.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((centre) => (
                  <Table.Tr key={centre.id} data-id={centre.id}>
                    <Table.Td>
                      <span dir="ltr">{centre.code}</span>
                    </Table.Td>
                    <Table.Td lang="fr" dir="ltr">
                      {centre.nameFr}
                    </Table.Td>
                    <Table.Td lang="ar" dir="rtl">
                      {centre.nameAr}
                    </Table.Td>
                    <Table.Td>{regionName(centre.regionCode, language)}</Table.Td>
                    <Table.Td data-testid="centre-privacy">
                      {t('admin.centres.privacy.lock', {
                        count: centre.autoLockMinutes,
                        formatted: formatNumber(centre.autoLockMinutes, language),
                      })}
                      <br />
                      {t('admin.centres.privacy.offline', {
                        count: centre.maxOfflineDays,
                        formatted: formatNumber(centre.maxOfflineDays, language),
                      })}
                    </Table.Td>
                    {mayManage && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={t('admin.common.rowAction', {
                            action: t('admin.centres.edit'),
                            name: centre.code,
                          })}
                          onClick={() => {
                            openForm({ centre });
                          }}
                        >
                          {t('admin.centres.edit')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </ListPanel>
      <FormDialog
        opened={isFormOpen}
        onClose={() => {
          setFormOpen(false);
        }}
        onExited={() => {
          setEditing(null);
        }}
        title={
          editing?.centre ? t('admin.centres.editTitle', { code: editing.centre.code }) : t('admin.centres.createTitle')
        }
        size="lg"
        closeLabel={t('admin.common.close')}
      >
        {editing && (
          <CentreForm
            centre={editing.centre}
            onCancel={() => {
              setFormOpen(false);
            }}
            onSaved={(saved) => {
              setFormOpen(false);
              setNotice(statusNotice((tr) => tr('admin.centres.saved', { code: saved.code })));
              centres.reload();
            }}
          />
        )}
      </FormDialog>
    </Stack>
  );
}
