import { Link } from '@tanstack/react-router';
import { listHref, type RecordType } from '../lib/records';
import type { ImportReport } from '../lib/types';

/** What an import did (or, for a dry run, would do), with the lines that have problems. */
export function ImportReportView({ r }: { r: ImportReport }) {
  const c = r.counts;
  const mapped = Object.entries(r.columns.mapped);
  return (
    <section className="card report" aria-label="Import report">
      <h2>{r.committed ? 'Imported' : 'Dry run: nothing was written'}</h2>
      <p>
        {`${c.rows} rows · ${c.created} ${r.committed ? 'created' : 'would be created'} · ${c.updated} updated · ${c.duplicates} duplicates · ${c.invalid} invalid`}
        {c.companiesCreated ? ` · ${c.companiesCreated} companies ${r.committed ? 'created' : 'would be created'}` : ''}
      </p>
      {mapped.length ? (
        <p className="muted">Columns: {mapped.map(([from, to]) => (from === to ? from : `${from} → ${to}`)).join(', ')}</p>
      ) : null}
      {r.columns.ignored.length ? <p className="muted">Ignored columns: {r.columns.ignored.join(', ')}</p> : null}
      {r.errors.length ? (
        <div className="table-wrap">
          <table className="records errors">
            <caption>Lines with problems</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Field</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {r.errors.map((e, i) => (
                <tr className="bad-line" key={`${e.line}-${e.field ?? ''}-${i}`}>
                  <td>Line {e.line}</td>
                  <td>{e.field ?? ''}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Every line is valid.</p>
      )}
      {r.errorsTruncated ? <p className="muted">More lines have problems than are listed.</p> : null}
      {r.committed && c.created + c.updated > 0 ? (
        <p>
          <Link to={listHref(r.entity as RecordType)}>See the {r.entity}</Link>
        </p>
      ) : null}
    </section>
  );
}
