import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import CallMadeIcon from '@mui/icons-material/CallMade';
import CallReceivedIcon from '@mui/icons-material/CallReceived';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutlined';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DeleteContactsDialog } from '../../components/DeleteContactsDialog.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { displayName, formatDateTime, formatMoney, initials } from '../../lib/format.ts';
import { deleteOneContact, focusContactsList } from '../../lib/lifecycleActions.ts';
import { focusSoon } from '../../lib/focus.ts';
import { navigate } from '../../lib/route.ts';
import { currentParams, paramsToSearch } from '../../stores/contactsStore.ts';
import { ContactFormDialog } from '../contacts/ContactFormDialog.tsx';
import { contactQuery, forgetContact } from '../contacts/queries.ts';
import { ContactGone, looksLikeId } from './ContactGone.tsx';
import { errorCode } from '../../lib/errors.ts';
import { ConfirmRecordDelete, type RecordToDelete } from './ConfirmRecordDelete.tsx';
import { RelatedFormDialog, type RelatedFormTarget } from './RelatedFormDialog.tsx';
import { CHANNEL_LABELS } from './relatedFields.ts';
import { DeletedWhileOpen } from '../team/DeletedWhileOpen.tsx';
import { RoleGate } from '../team/RoleGate.tsx';
import { RelatedItem, RelatedSection } from './RelatedSection.tsx';

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function ContactDetailView({ id }: { id: string }) {
  // While this contact is being deleted from this page its query is off: the core announces the
  // change (data.changed) before the page has left, and a refetch then would answer NOT_FOUND.
  const [leaving, setLeaving] = useState(false);
  // A link that is not a contact id asks nothing (the core would refuse it): ContactGone says so.
  const detail = useQuery({ ...contactQuery(id), enabled: looksLikeId(id) && !leaving });
  const { contact, related } = detail.data ?? { contact: null, related: null };
  const error = detail.error;
  const reload = () => void detail.refetch();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [form, setForm] = useState<RelatedFormTarget | null>(null);
  const [toDelete, setToDelete] = useState<RecordToDelete | null>(null);

  const listHref = `#/contacts${paramsToSearch(currentParams())}`;
  const back = (
    <Link href={listHref} underline="hover" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, mb: 2 }}>
      <ArrowBackIcon fontSize="small" /> All contacts
    </Link>
  );

  // Deleted while open here (a teammate, another window): say so rather than fail (views/team/DeletedWhileOpen.tsx).
  if (error && contact?.id === id && errorCode(error) === 'NOT_FOUND') {
    return (
      <Box>
        {back}
        <DeletedWhileOpen contact={contact} />
      </Box>
    );
  }
  // A contact that is not here (deleted, purged, or never was) is said in words with the way on;
  // other errors keep their Try again where it can help.
  const gone = !looksLikeId(id) || errorCode(error) === 'NOT_FOUND' || errorCode(error) === 'PURGED';
  if (gone) {
    return (
      <Box>
        {back}
        <ContactGone id={id} />
      </Box>
    );
  }
  if (error) {
    return (
      <Box>
        {back}
        <ErrorAlert error={error} onRetry={reload} />
      </Box>
    );
  }
  if (!contact || !related || contact.id !== id) {
    return (
      <Box aria-busy="true">
        {back}
        <Skeleton variant="rounded" height={120} sx={{ mb: 2 }} />
        <Grid container spacing={2}>
          {Array.from({ length: 4 }, (_, i) => (
            <Grid key={i} size={{ xs: 12, md: 6 }}>
              <Skeleton variant="rounded" height={160} />
            </Grid>
          ))}
        </Grid>
      </Box>
    );
  }

  const name = displayName(contact);
  const add = (kind: RelatedFormTarget['kind'], conversationId?: string) => setForm({ kind, contactId: contact.id, conversationId });
  const edit = (kind: RelatedFormTarget['kind'], record: { id: string }) => setForm({ kind, contactId: contact.id, record: record as RelatedFormTarget['record'] });

  return (
    <Box>
      {back}
      <Paper sx={{ p: 3, mb: 2, border: 1, borderColor: 'divider' }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <Avatar sx={{ width: 56, height: 56, bgcolor: 'primary.main', color: 'primary.contrastText', fontSize: 22 }} aria-hidden>
            {initials(contact)}
          </Avatar>
          <Box sx={{ flexGrow: 1, minWidth: 240 }}>
            <Typography variant="h2" component="h2" id="contact-name" tabIndex={-1} sx={{ '&:focus': { outline: 'none' } }}>
              {name}
            </Typography>
            {contact.company && <Typography color="text.secondary">{contact.company}</Typography>}
            <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, mt: 1.5, mb: 0, '& dt': { color: 'text.secondary' }, '& dd': { m: 0 } }}>
              <dt>Email</dt>
              <dd>{contact.email ? <Link href={`mailto:${contact.email}`}>{contact.email}</Link> : '—'}</dd>
              <dt>Phone</dt>
              <dd>{contact.phone ?? '—'}</dd>
              <dt>Source</dt>
              <dd>{contact.source ?? '—'}</dd>
              <dt>Created</dt>
              <dd>{formatDateTime(contact.createdAt)}</dd>
            </Box>
            {contact.tags.length > 0 && (
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 1.5 }} aria-label="Tags" role="list">
                {contact.tags.map((t) => (
                  <Chip key={t} label={t} size="small" role="listitem" />
                ))}
              </Box>
            )}
          </Box>
          <Box sx={{ display: 'flex', gap: 1 }}>
            <RoleGate ability="edit">
              <Button variant="outlined" startIcon={<EditOutlinedIcon />} onClick={() => setEditing(true)}>
                Edit
              </Button>
            </RoleGate>
            <RoleGate ability="edit">
              <Button variant="outlined" color="error" startIcon={<DeleteOutlineIcon />} onClick={() => setDeleting(true)}>
                Delete
              </Button>
            </RoleGate>
          </Box>
        </Box>
      </Paper>

      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RelatedSection title="Conversations" count={related.conversations.length} addLabel="Add conversation" onAdd={() => add('conversation')} empty="No conversations yet.">
            {related.conversations.map((c) => (
              <RelatedItem key={c.id} label={`conversation ${c.subject ?? CHANNEL_LABELS[c.channel]}`} onEdit={() => edit('conversation', c)} onDelete={() => setToDelete({ kind: 'conversation', id: c.id, label: c.subject ?? CHANNEL_LABELS[c.channel] ?? c.channel })}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <Chip size="small" label={CHANNEL_LABELS[c.channel] ?? c.channel} color="primary" variant="outlined" />
                  <Typography sx={{ fontWeight: 600 }}>{c.subject ?? 'No subject'}</Typography>
                </Box>
                <Box component="ul" aria-label={`Messages in ${c.subject ?? 'conversation'}`} sx={{ listStyle: 'none', p: 0, m: 0, mt: 1, display: 'grid', gap: 0.75 }}>
                  {c.messages.map((m) => (
                    <RelatedItem key={m.id} label={`message ${short(m.body, 30)}`} onEdit={() => edit('message', m)} onDelete={() => setToDelete({ kind: 'message', id: m.id, label: short(m.body) })}>
                      <Box sx={{ display: 'flex', gap: 1 }}>
                        {m.direction === 'inbound' ? <CallReceivedIcon fontSize="small" titleAccess="Received" /> : <CallMadeIcon fontSize="small" titleAccess="Sent" />}
                        <Box>
                          <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                            {m.body}
                          </Typography>
                          <Typography variant="caption" color="text.secondary">
                            {formatDateTime(m.sentAt)}
                          </Typography>
                        </Box>
                      </Box>
                    </RelatedItem>
                  ))}
                </Box>
                <Button size="small" sx={{ mt: 0.5 }} onClick={() => add('message', c.id)}>
                  Add message
                </Button>
              </RelatedItem>
            ))}
          </RelatedSection>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RelatedSection title="Notes" count={related.notes.length} addLabel="Add note" onAdd={() => add('note')} empty="No notes yet.">
            {related.notes.map((n) => (
              <RelatedItem key={n.id} label={`note ${short(n.body, 30)}`} onEdit={() => edit('note', n)} onDelete={() => setToDelete({ kind: 'note', id: n.id, label: short(n.body) })}>
                <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                  {n.body}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {formatDateTime(n.createdAt)}
                </Typography>
              </RelatedItem>
            ))}
          </RelatedSection>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RelatedSection title="Opportunities" count={related.opportunities.length} addLabel="Add opportunity" onAdd={() => add('opportunity')} empty="No opportunities yet.">
            {related.opportunities.map((o) => (
              <RelatedItem key={o.id} label={`opportunity ${o.name}`} onEdit={() => edit('opportunity', o)} onDelete={() => setToDelete({ kind: 'opportunity', id: o.id, label: o.name })}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography sx={{ fontWeight: 600 }}>{o.name}</Typography>
                  <Typography sx={{ fontVariantNumeric: 'tabular-nums' }}>{formatMoney(o.value)}</Typography>
                  <Chip size="small" label={cap(o.status)} color={o.status === 'won' ? 'success' : o.status === 'lost' ? 'default' : 'primary'} variant={o.status === 'open' ? 'outlined' : 'filled'} />
                </Box>
                <Typography variant="body2" color="text.secondary">
                  {o.pipeline} · {o.stage}
                </Typography>
              </RelatedItem>
            ))}
          </RelatedSection>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RelatedSection title="Tasks" count={related.tasks.length} addLabel="Add task" onAdd={() => add('task')} empty="No tasks yet.">
            {related.tasks.map((t) => (
              <RelatedItem key={t.id} label={`task ${t.title}`} onEdit={() => edit('task', t)} onDelete={() => setToDelete({ kind: 'task', id: t.id, label: t.title })}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <Typography sx={{ fontWeight: 600, textDecoration: t.done ? 'line-through' : undefined }}>{t.title}</Typography>
                  <Chip size="small" label={t.done ? 'Done' : 'Open'} color={t.done ? 'success' : 'default'} variant="outlined" />
                </Box>
                <Typography variant="body2" color="text.secondary">
                  {t.dueAt ? `Due ${formatDateTime(t.dueAt)}` : 'No due date'}
                </Typography>
              </RelatedItem>
            ))}
          </RelatedSection>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RelatedSection title="Appointments" count={related.appointments.length} addLabel="Add appointment" onAdd={() => add('appointment')} empty="No appointments yet.">
            {related.appointments.map((a) => (
              <RelatedItem key={a.id} label={`appointment ${a.title}`} onEdit={() => edit('appointment', a)} onDelete={() => setToDelete({ kind: 'appointment', id: a.id, label: a.title })}>
                <Typography sx={{ fontWeight: 600 }}>{a.title}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {formatDateTime(a.startsAt)} – {formatDateTime(a.endsAt)}
                  {a.location ? ` · ${a.location}` : ''}
                </Typography>
              </RelatedItem>
            ))}
          </RelatedSection>
        </Grid>
        <Grid size={{ xs: 12, lg: 6 }}>
          <RelatedSection title="Manual actions" count={related.manualActions.length} addLabel="Add manual action" onAdd={() => add('manualAction')} empty="No manual actions yet.">
            {related.manualActions.map((m) => (
              <RelatedItem key={m.id} label={`manual action ${m.type}${m.note ? ` ${short(m.note, 20)}` : ''}`} onEdit={() => edit('manualAction', m)} onDelete={() => setToDelete({ kind: 'manualAction', id: m.id, label: `${CHANNEL_LABELS[m.type] ?? m.type}${m.note ? `: ${short(m.note)}` : ''}` })}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <Typography sx={{ fontWeight: 600 }}>{CHANNEL_LABELS[m.type] ?? m.type}</Typography>
                  <Chip size="small" label={cap(m.status)} color={m.status === 'done' ? 'success' : 'default'} variant="outlined" />
                </Box>
                <Typography variant="body2" color="text.secondary">
                  {m.dueAt ? `Due ${formatDateTime(m.dueAt)}` : 'No due date'}
                  {m.note ? ` · ${m.note}` : ''}
                </Typography>
              </RelatedItem>
            ))}
          </RelatedSection>
        </Grid>
      </Grid>

      <ContactFormDialog
        open={editing}
        contact={contact}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          reload();
        }}
      />
      <RelatedFormDialog
        target={form}
        onClose={() => {
          setForm(null);
          reload();
        }}
      />
      <ConfirmRecordDelete
        target={toDelete}
        onClose={() => {
          setToDelete(null);
          reload();
          // The record's buttons are gone with it: focus the contact's name rather than <body>.
          focusSoon(['#contact-name']);
        }}
      />
      <DeleteContactsDialog
        open={deleting}
        selection={{ ids: [contact.id] }}
        label={name}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          setLeaving(true);
          try {
            await deleteOneContact(contact.id, name);
          } catch (err) {
            setLeaving(false);
            throw err;
          }
          setDeleting(false);
          navigate(listHref);
          // The page is gone: its query must not be asked again (it would answer NOT_FOUND).
          forgetContact(contact.id);
          focusContactsList();
        }}
      />
    </Box>
  );
}
