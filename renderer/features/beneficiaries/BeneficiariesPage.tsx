import { useDeferredValue, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { canRegisterBeneficiary } from '../../../shared/auth/authorization';
import { useSession } from '../../auth/SessionContext';
import { useBeneficiarySearch, useOverdueBeneficiaryIds } from '../../db/RepositoryContext';
import { localToday } from '../../db/caseFileRepository';
import { formatNumber } from '../../i18n/format';
import { isFocusLost } from '../../ui/focus';
import { useLanguage } from '../../ui/useLanguage';
import { FormDialog } from '../../ui/FormDialog';
import { NoticeAlert, statusNotice } from '../../ui/Notice';
import { BeneficiaryFilters, filterBeneficiaries, isFiltering, noFilters, type Filters } from './BeneficiaryFilters';
import { BeneficiaryForm } from './BeneficiaryForm';
import { BeneficiaryList } from './BeneficiaryList';

/** The best matches shown for a search; more means the query is too vague to read through. */
const searchLimit = 200;

/** A person's file (the casefile feature's page), handed by the shell: a feature imports no other. */
export type CaseFileScreen = ComponentType<{
  beneficiaryId: string;
  onBack: () => void;
  /** *Ouvrir* on a possible duplicate while correcting the identity: that person's file. */
  onOpenOther: (beneficiaryId: string) => void;
}>;

export function BeneficiariesPage({ CaseFile }: { CaseFile: CaseFileScreen }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { search, version } = useBeneficiarySearch();
  const { actor } = useSession();
  // Offered only to those who can register someone: the form would refuse at the end otherwise.
  const canRegister = canRegisterBeneficiary(actor);
  const [query, setQuery] = useState('');
  // Typing stays fluid: the list follows the query a frame later if the search is slower.
  const deferredQuery = useDeferredValue(query.trim());
  const [isFormOpen, setFormOpen] = useState(false);
  const [savedName, setSavedName] = useState<string | null>(null);
  // The open file; the list keeps its query and filters underneath, for the way back.
  const [openId, setOpenId] = useState<string | null>(null);
  // The file just closed: back on the list, focus returns to its name (issue 16: keyboard).
  const [returnTo, setReturnTo] = useState<string | null>(null);
  const searchField = useRef<HTMLInputElement>(null);

  // Shown after sign-in (or after focus was lost otherwise), the screen starts at the search field;
  // reached from the tab bar, focus stays on the tab.
  useEffect(() => {
    if (isFocusLost()) searchField.current?.focus();
  }, []);
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [today] = useState(() => localToday());
  const overdueIds = useOverdueBeneficiaryIds(filters.overdueOnly, today);
  const total = version === undefined ? undefined : search.all().length;
  const found = useMemo(
    () =>
      version === undefined
        ? undefined
        : deferredQuery === ''
          ? search.all()
          : search.search(deferredQuery, searchLimit),
    [search, version, deferredQuery],
  );
  const shown = useMemo(
    () => (found === undefined ? undefined : filterBeneficiaries(found, filters, overdueIds)),
    [found, filters, overdueIds],
  );

  if (openId !== null)
    return (
      <CaseFile
        beneficiaryId={openId}
        onBack={() => {
          setReturnTo(openId);
          setOpenId(null);
        }}
        onOpenOther={setOpenId}
      />
    );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>{t('beneficiaries.title')}</Title>
          {total !== undefined && (
            <Text c="dimmed" size="sm" data-testid="beneficiary-count">
              {t('beneficiaries.count', { count: total, formatted: formatNumber(total, language) })}
            </Text>
          )}
        </Stack>
        <Button
          disabled={!canRegister}
          aria-describedby={canRegister ? undefined : 'new-beneficiary-needs-centre'}
          onClick={() => {
            setSavedName(null);
            setFormOpen(true);
          }}
        >
          {t('beneficiaries.new')}
        </Button>
      </Group>
      {!canRegister && (
        <Alert
          color="blue"
          variant="light"
          role="note"
          id="new-beneficiary-needs-centre"
          data-testid="new-beneficiary-needs-centre"
        >
          {t('beneficiaries.newNeedsCentre')}
        </Alert>
      )}
      <NoticeAlert
        notice={savedName === null ? null : statusNotice((tr) => tr('beneficiaries.saved', { name: savedName }))}
        onClose={() => {
          setSavedName(null);
        }}
      />
      <TextInput
        ref={searchField}
        type="search"
        label={t('beneficiaries.search')}
        placeholder={t('beneficiaries.searchPlaceholder')}
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
        }}
        data-testid="beneficiary-search"
        maw={560}
      />
      <BeneficiaryFilters filters={filters} onChange={setFilters} beneficiaries={search.all()} />
      {shown && isFiltering(filters) && (
        <Text size="sm" role="status" data-testid="beneficiary-filter-count">
          {t('casefile.filters.shown', { count: shown.length, formatted: formatNumber(shown.length, language) })}
        </Text>
      )}
      {found && deferredQuery !== '' && (
        <Text size="sm" role="status" data-testid="beneficiary-search-count">
          {found.length >= searchLimit
            ? t('beneficiaries.searchResultsCapped', {
                count: searchLimit,
                formatted: formatNumber(searchLimit, language),
                query: deferredQuery,
              })
            : t('beneficiaries.searchResults', {
                count: found.length,
                formatted: formatNumber(found.length, language),
                query: deferredQuery,
              })}
        </Text>
      )}
      {shown ? (
        <BeneficiaryList
          key={deferredQuery}
          beneficiaries={shown}
          onOpen={(b) => {
            setOpenId(b.id);
          }}
          returnFocusTo={returnTo}
          onFocusReturned={(found) => {
            setReturnTo(null);
            if (!found) searchField.current?.focus();
          }}
          emptyMessage={
            deferredQuery === ''
              ? t(canRegister ? 'beneficiaries.empty' : 'beneficiaries.emptyNoCentre')
              : t('beneficiaries.searchResults', { count: 0, query: deferredQuery })
          }
        />
      ) : (
        <Loader aria-label={t('beneficiaries.loading')} />
      )}
      <FormDialog
        opened={isFormOpen}
        onClose={() => {
          setFormOpen(false);
        }}
        title={t('form.title')}
        size="xl"
        closeLabel={t('form.cancel')}
      >
        <BeneficiaryForm
          onCancel={() => {
            setFormOpen(false);
          }}
          onSaved={(b) => {
            setFormOpen(false);
            setSavedName(`${b.firstNameLatin} ${b.lastNameLatin}`);
          }}
          onOpenExisting={(b) => {
            // Nothing saved: the file of the person already there opens instead.
            setFormOpen(false);
            setOpenId(b.id);
          }}
        />
      </FormDialog>
    </Stack>
  );
}
