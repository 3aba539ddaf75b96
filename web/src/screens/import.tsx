import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import {
  chosenFields,
  clashes,
  fetchFields,
  fieldsKey,
  firstRecords,
  MappingEditor,
  sampleOf,
  type Sample,
} from '../components/import-mapping';
import { ImportReportView } from '../components/import-report';
import { Screen } from '../components/screen';
import { SubmitButton } from '../components/submit';
import { WriteButton } from '../components/write';
import { ApiError, apiFetch, toApiError } from '../lib/api';
import { invalidateType } from '../lib/record-queries';
import { EXPORTABLE_TYPES, IMPORTABLE_TYPES, type RecordType } from '../lib/records';
import { useSession, useWriteAccess } from '../lib/session';
import type { ImportReport } from '../lib/types';
import { useDebounced } from '../lib/use-debounced';

type Mode = 'dry-run' | 'skip-invalid';

async function runImport(entity: string, mode: Mode, body: File | string, mapping: Record<string, string>): Promise<ImportReport> {
  // The body is raw CSV (a chosen file is streamed as is), which the typed client does not send; the answer is typed all the same.
  const query = new URLSearchParams({ mode, mapping: JSON.stringify(mapping) });
  const res = await apiFetch(`/api/import/${entity}?${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImportReport;
}

const keyOf = (entity: string, header: string[]) => JSON.stringify([entity, header]);

/** An API error with its field issues listed (a mapping that does not fit the file names each problem). */
function ImportError({ error }: { error: unknown }) {
  const others = error instanceof ApiError ? error.fields.map((f) => f.message) : [];
  return <ErrorBox error={error} others={others} />;
}

function ImportForm() {
  const qc = useQueryClient();
  const [entity, setEntity] = useState<string>(IMPORTABLE_TYPES[0]);
  const [file, setFile] = useState<File | null>(null);
  const [fileSample, setFileSample] = useState<Sample | null>(null);
  const [text, setText] = useState('');
  const [choices, setChoices] = useState<{ key: string; values: Record<number, string> }>({ key: '', values: {} });
  const [problem, setProblem] = useState<string | null>(null);
  const [mappingError, setMappingError] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useRef<HTMLFormElement>(null);

  // The chosen file is sent as is; pasted text is used when no file is chosen. Choosing one clears the other.
  const settledText = useDebounced(text, 300);
  const textSample = useMemo(() => {
    const [header = [], example = []] = firstRecords(settledText);
    return { header: header.map((c) => c.trim()), example };
  }, [settledText]);
  const sample = file ? fileSample : textSample;
  const header = useMemo(() => sample?.header ?? [], [sample]);
  const key = keyOf(entity, header);
  const fields = useQuery({
    queryKey: fieldsKey(entity, header),
    queryFn: () => fetchFields(entity, header),
    enabled: header.length > 0,
    staleTime: Infinity,
  });
  const values = choices.key === key ? choices.values : {};
  const chosen = fields.data ? chosenFields(fields.data, values) : [];
  const hasClash = fields.data ? clashes(fields.data, chosen).some(Boolean) : false;

  const run = useMutation({
    mutationFn: async (mode: Mode) => {
      const body = file ?? text;
      // Typed text may not have settled yet: the columns follow what is sent, the server's matching where the user has not chosen.
      const now = await sampleOf(body);
      const k = keyOf(entity, now.header);
      const f = await qc.fetchQuery({
        queryKey: fieldsKey(entity, now.header),
        queryFn: () => fetchFields(entity, now.header),
        staleTime: Infinity,
      });
      const picked = chosenFields(f, choices.key === k ? choices.values : {});
      if (clashes(f, picked).some(Boolean)) return 'clash' as const;
      const mapping = Object.fromEntries(now.header.map((h, i) => [h, picked[i] ?? '']));
      return runImport(entity, mode, body, mapping);
    },
    onSuccess: (report) => {
      if (report === 'clash') {
        setMappingError(true);
        form.current?.querySelector<HTMLSelectElement>('.mapping select[aria-invalid="true"]')?.focus();
        return;
      }
      if (report.committed) invalidateType(qc, entity as RecordType);
    },
  });

  const go = (mode: Mode) => {
    setProblem(null);
    setMappingError(false);
    if (!file && !text.trim()) {
      run.reset();
      setProblem('Choose a CSV file or paste CSV first.');
      return;
    }
    run.mutate(mode);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go('dry-run');
  };
  const report = run.data && run.data !== 'clash' ? run.data : null;

  return (
    <>
      <form ref={form} className="card" aria-label="Import CSV" noValidate onSubmit={submit}>
        <h2>Import a CSV file</h2>
        <fieldset>
          <Field label="Records" name="entity">
            <select value={entity} onChange={(e) => setEntity(e.target.value)}>
              {IMPORTABLE_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </Field>
          <Field label="CSV file" name="file" hint="Choose a file to see its columns and pick the field each one fills.">
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                const chosenFile = e.target.files?.[0] ?? null;
                setFile(chosenFile);
                setFileSample(null);
                if (chosenFile) {
                  setText('');
                  void sampleOf(chosenFile).then((s) => setFileSample(s));
                }
              }}
            />
          </Field>
          <Field
            label="Or paste CSV"
            name="csv"
            hint="The first line names the columns (e.g. firstName, lastName, email, phone, title, company)."
          >
            <textarea
              rows={8}
              spellCheck={false}
              placeholder={'firstName,lastName,email\nAna,Ops,ana@example.com'}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                if (e.target.value && file) {
                  setFile(null);
                  setFileSample(null);
                  if (fileInput.current) fileInput.current.value = '';
                }
              }}
            />
          </Field>
        </fieldset>
        {fields.isFetching && !fields.data ? <Loading what="Reading the columns…" /> : null}
        {fields.isError ? <ImportError error={fields.error} /> : null}
        {fields.data && header.length > 0 ? (
          <MappingEditor
            fields={fields.data}
            example={sample?.example ?? []}
            chosen={chosen}
            onChoose={(i, field) => setChoices({ key, values: { ...values, [i]: field } })}
          />
        ) : null}
        <div className="actions">
          <SubmitButton pending={run.isPending && run.variables === 'dry-run'} className="">
            Check (dry run)
          </SubmitButton>
          <WriteButton
            className="primary"
            disabled={run.isPending}
            aria-busy={(run.isPending && run.variables === 'skip-invalid') || undefined}
            onClick={() => go('skip-invalid')}
          >
            Import valid rows
          </WriteButton>
        </div>
      </form>
      <div className="import-result" aria-live="polite">
        {problem ? <ErrorBox error={new Error(problem)} /> : null}
        {mappingError && hasClash ? <ErrorBox error={new Error('Two columns fill the same field: fix the columns marked above.')} /> : null}
        {run.isPending ? <Loading what={run.variables === 'dry-run' ? 'Checking…' : 'Importing…'} /> : null}
        {run.isError ? <ImportError error={run.error} /> : null}
        {report && !run.isPending ? <ImportReportView r={report} /> : null}
      </div>
    </>
  );
}

function Exports() {
  const { me } = useSession();
  const [trash, setTrash] = useState(false);
  const extra = trash ? '&deleted=true' : '';
  return (
    <section className="card" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <label className="check">
        <input type="checkbox" checked={trash} onChange={(e) => setTrash(e.target.checked)} /> Include what is in the trash
      </label>
      <ul className="exports">
        {EXPORTABLE_TYPES.map((t) => (
          <li key={t}>
            {t}:{' '}
            <a href={`/api/export/${t}?format=csv${extra}`} download={`${t}.csv`}>
              CSV
            </a>{' '}
            ·{' '}
            <a href={`/api/export/${t}?format=json${extra}`} download={`${t}.json`}>
              JSON
            </a>
          </li>
        ))}
      </ul>
      {me.role === 'owner' || me.role === 'admin' ? (
        <p>
          <a href="/api/export" download>
            The whole organisation as one JSON document
          </a>{' '}
          <span className="hint">
            (settings, people without passwords, and every record, the trash included: a backup or a move to another server).
          </span>
        </p>
      ) : null}
    </section>
  );
}

export default function ImportExport() {
  const access = useWriteAccess();
  return (
    <Screen title="Import and export">
      <div className="import-view">
        {access.visible ? <ImportForm /> : <p>Your role can export but not import.</p>}
        <Exports />
      </div>
    </Screen>
  );
}
