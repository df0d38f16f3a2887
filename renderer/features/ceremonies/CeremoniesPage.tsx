import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { emptyCeremonyDraft } from '../../../shared/agr/ceremony';
import { useCeremonyList } from '../../db/RepositoryContext';
import { formatDate, formatNumber } from '../../i18n/format';
import { useLanguage } from '../../ui/useLanguage';
import { NoticeAlert, statusNotice, type Notice } from '../../ui/Notice';
import { CeremonyForm } from './CeremonyForm';
import { CeremonyPage } from './CeremonyPage';

/**
 * *Cérémonies de remise*: the ceremonies of the PC's centres, newest first, a new one, and a
 * ceremony's page once opened (the list comes back with *Retour aux cérémonies*).
 */
export function CeremoniesPage() {
  const [openId, setOpenId] = useState<string | null>(null);
  const [lastOpened, setLastOpened] = useState<string | null>(null);
  if (openId !== null)
    return (
      <CeremonyPage
        ceremonyId={openId}
        onBack={() => {
          setLastOpened(openId);
          setOpenId(null);
        }}
      />
    );
  return (
    <CeremonyList
      focusId={lastOpened}
      onOpen={(id) => {
        setOpenId(id);
      }}
    />
  );
}

function CeremonyList({ focusId, onOpen }: { focusId: string | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const items = useCeremonyList();
  const [isAdding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const list = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Back from a ceremony: the focus returns to its link.
    if (focusId === null || items === undefined) return;
    list.current?.querySelector<HTMLElement>(`[data-ceremony-id="${CSS.escape(focusId)}"]`)?.focus();
  }, [focusId, items]);

  return (
    <Stack gap="md" ref={list} data-testid="ceremonies-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{t('ceremonies.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('ceremonies.intro')}
          </Text>
        </Stack>
        {!isAdding && (
          <Button
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
          >
            {t('ceremonies.add')}
          </Button>
        )}
      </Group>
      <NoticeAlert
        notice={notice}
        onClose={() => {
          setNotice(null);
        }}
      />
      {isAdding && (
        <Paper withBorder p="md">
          <CeremonyForm
            formLabel={t('ceremonies.addForm')}
            submitLabel={t('ceremonies.saveNew')}
            defaults={emptyCeremonyDraft}
            withCentre
            onSaved={(message) => {
              setAdding(false);
              setNotice(statusNotice(message));
            }}
            onCancel={() => {
              setAdding(false);
            }}
          />
        </Paper>
      )}
      {items === undefined ? (
        <Loader size="sm" />
      ) : items.length === 0 ? (
        <Text c="dimmed" data-testid="ceremonies-empty">
          {t('ceremonies.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label={t('ceremonies.caption')} data-testid="ceremonies-table" verticalSpacing="xs" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ceremonies.columns.date')}</Table.Th>
                <Table.Th>{t('ceremonies.columns.place')}</Table.Th>
                <Table.Th>{t('ceremonies.columns.status')}</Table.Th>
                <Table.Th ta="end">{t('ceremonies.columns.beneficiaries')}</Table.Th>
                <Table.Th ta="end">{t('ceremonies.columns.signed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map(({ ceremony, beneficiaries, signed }) => (
                <Table.Tr key={ceremony.id} data-testid="ceremony-row">
                  <Table.Td>
                    <Anchor
                      component="button"
                      type="button"
                      data-ceremony-id={ceremony.id}
                      c="var(--mantine-primary-color-filled-hover)"
                      aria-label={t('ceremonies.open', {
                        date: formatDate(ceremony.date, language),
                        place: ceremony.place,
                      })}
                      onClick={() => {
                        onOpen(ceremony.id);
                      }}
                    >
                      {formatDate(ceremony.date, language)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{ceremony.place}</Table.Td>
                  <Table.Td>
                    <Badge color={ceremony.status === 'tenue' ? 'teal.9' : 'gray.7'} variant="filled" tt="none">
                      {t(`ceremonies.status.${ceremony.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="end">{formatNumber(beneficiaries, language)}</Table.Td>
                  <Table.Td ta="end">{formatNumber(signed, language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
