"""Every write of opinion reports: creation, the lifecycle transitions, publication into issues,
adoptions, and the import of a legacy ledger. The API, the admin and the demo data call these."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cppcc.core.bulk import history_of_created
from cppcc.core.response_cache import writing_in
from cppcc.core.workflow import Step
from cppcc.org.models import Committee, Member, Party, Sector, SpecialCommittee, User
from cppcc.org.roles import access_for

from .models import Adoption, Issue, OpinionReport, ReportAuthor
from .workflow import workflow

State = OpinionReport.State
EDITABLE_FIELDS = ("title", "content", "category", *OpinionReport.ORGANISATION_FIELDS)


def _authors_check(committee: Committee, authors: Sequence[Member], organisation_given: bool) -> None:
    if not authors and not organisation_given:
        raise ValidationError({"authors": _("A report names its authors or its authoring organisation.")})
    if len({m.pk for m in authors}) != len(authors):
        raise ValidationError({"authors": _("A member is named twice among the authors.")})
    if any(m.committee_id != committee.pk for m in authors):
        raise ValidationError({"authors": _("Every author must be a member of the report's committee.")})


def _set_authors(report: OpinionReport, authors: Sequence[Member]) -> None:
    with writing_in(report.committee_id, ReportAuthor, record=report):
        ReportAuthor.objects.filter(report=report).delete()
        ReportAuthor.objects.bulk_create(
            [ReportAuthor(report=report, member=m, order=i) for i, m in enumerate(authors, start=1)]
        )


def _may_create(access, committee: Committee, authors: Sequence[Member]) -> bool:
    if access.manages_committee(committee.pk):
        return True
    return (
        access.member_id is not None
        and committee.pk in access.member_of
        and access.member_id in {m.pk for m in authors}
    )


@transaction.atomic
def report_create(
    *,
    committee: Committee,
    title: str,
    actor: User,
    content: str = "",
    category: str = OpinionReport.Category.OTHER,
    authors: Sequence[Member] = (),
    author_party: Party | None = None,
    author_sector: Sector | None = None,
    author_special_committee: SpecialCommittee | None = None,
    author_committee: Committee | None = None,
) -> OpinionReport:
    """A new draft. A member writes for themself (they are an author); the secretariat for anyone."""
    access = access_for(actor)
    authors = list(authors)
    if not authors and access.member_id is not None and not access.manages_committee(committee.pk):
        authors = [Member.objects.get(pk=access.member_id)]
    if not _may_create(access, committee, authors):
        raise PermissionDenied(_("You may not write reports for this committee or these authors."))
    report = OpinionReport(
        committee=committee,
        title=title,
        content=content,
        category=category,
        author_party=author_party,
        author_sector=author_sector,
        author_special_committee=author_special_committee,
        author_committee=author_committee,
    )
    _authors_check(committee, authors, report.organisation is not None)
    report.full_clean()
    report = workflow.apply("create", obj=report, actor=actor)
    _set_authors(report, authors)
    return report


@transaction.atomic
def report_update(
    *, report: OpinionReport, actor: User, authors: Sequence[Member] | None = None, **changes
) -> OpinionReport:
    """Edit a draft: its text, category, authors or authoring organisation."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    report = workflow.begin("edit", obj=report, actor=actor)
    access = access_for(actor)
    for name, value in changes.items():
        setattr(report, name, value)
    current = [link.member for link in report.author_links.select_related("member")]
    new_authors = list(authors) if authors is not None else current
    if not access.manages_committee(report.committee_id) and access.member_id not in {
        m.pk for m in new_authors
    }:
        raise ValidationError({"authors": _("You cannot remove yourself from the authors.")})
    _authors_check(report.committee, new_authors, report.organisation is not None)
    report = workflow.apply("edit", obj=report, actor=actor, changes=changes, clean=True)
    if authors is not None:
        _set_authors(report, new_authors)
    return report


def _reason_required(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def report_submit(*, report: OpinionReport, actor: User) -> OpinionReport:
    return workflow.apply("submit", obj=report, actor=actor, changes={"reason": ""})


@transaction.atomic
def report_return(*, report: OpinionReport, actor: User, reason: str) -> OpinionReport:
    reason = _reason_required(reason)
    return workflow.apply("return", obj=report, actor=actor, note=reason, changes={"reason": reason})


@transaction.atomic
def report_accept(*, report: OpinionReport, actor: User) -> OpinionReport:
    return workflow.apply("accept", obj=report, actor=actor)


@transaction.atomic
def report_decline(*, report: OpinionReport, actor: User, reason: str) -> OpinionReport:
    reason = _reason_required(reason)
    return workflow.apply("decline", obj=report, actor=actor, note=reason, changes={"reason": reason})


@transaction.atomic
def report_publish(*, report: OpinionReport, issue: Issue, actor: User) -> OpinionReport:
    """Edit an accepted report into an issue of the report's committee, after its last report."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.committee_id != report.committee_id:
        raise ValidationError({"issue": _("The issue belongs to another committee.")})
    last = issue.reports.aggregate(last=Max("issue_order"))["last"] or 0
    return workflow.apply(
        "publish", obj=report, actor=actor, note=str(issue), changes={"issue": issue, "issue_order": last + 1}
    )


@transaction.atomic
def report_create_submitted(
    *,
    committee: Committee,
    title: str,
    content: str,
    authors: list[Member],
    actor: User,
    note: str = "",
    author_party: Party | None = None,
    author_sector: Sector | None = None,
    author_special_committee: SpecialCommittee | None = None,
) -> OpinionReport:
    """A report that arrives already submitted: a proposal not registered and converted, with its
    proposers' consent, into an opinion report. Collective proposals pass their sponsor as the
    authoring organisation."""
    organisation = {
        "author_party": author_party,
        "author_sector": author_sector,
        "author_special_committee": author_special_committee,
    }
    _authors_check(committee, authors, organisation_given=any(organisation.values()))
    report = OpinionReport(committee=committee, title=title, content=content, **organisation)
    report.full_clean()
    report = workflow.apply("create_submitted", obj=report, actor=actor, note=note)
    _set_authors(report, authors)
    return report


@transaction.atomic
def report_file(
    *,
    committee: Committee,
    title: str,
    content: str,
    actor: User,
    category: str = OpinionReport.Category.OTHER,
    authors: Sequence[Member] = (),
    author_party: Party | None = None,
    author_sector: Sector | None = None,
    author_special_committee: SpecialCommittee | None = None,
    author_committee: Committee | None = None,
) -> OpinionReport:
    """A report handed in on paper by members, a party, a sector, a special committee or a county
    committee, typed in by the secretariat: it arrives submitted, and its timeline says who typed it
    in for whom."""
    report = OpinionReport(
        committee=committee,
        title=title,
        content=content,
        category=category,
        author_party=author_party,
        author_sector=author_sector,
        author_special_committee=author_special_committee,
        author_committee=author_committee,
    )
    workflow.begin("file_on_paper", obj=report, actor=actor)
    authors = list(authors)
    _authors_check(committee, authors, report.organisation is not None)
    report.full_clean()
    filer = "、".join(
        [*(m.name for m in authors), *([report.organisation.name] if report.organisation else [])]
    )
    note = _("%(clerk)s typed in the paper report for %(filer)s") % {
        "clerk": actor.display_name,
        "filer": filer,
    }
    report = workflow.apply("file_on_paper", obj=report, actor=actor, note=note)
    _set_authors(report, authors)
    return report


@transaction.atomic
def adoption_record(
    *,
    report: OpinionReport,
    actor: User,
    body: str,
    action: str,
    date: datetime.date,
    leader: str = "",
    leader_title: str = "",
    reference: str = "",
    note: str = "",
) -> Adoption:
    """Record that a body adopted, forwarded or instructed on an accepted or published report."""
    report = workflow.begin("record_adoption", obj=report, actor=actor)
    adoption = Adoption(
        report=report,
        body=body,
        action=action,
        date=date,
        leader=leader.strip(),
        leader_title=leader_title.strip(),
        reference=reference,
        note=note,
    )
    adoption.full_clean()
    adoption.save()
    workflow.apply("record_adoption", obj=report, actor=actor, note=str(adoption))
    return adoption


@dataclass
class LedgerAdoption:
    body: str
    action: str
    date: datetime.date
    leader: str = ""
    leader_title: str = ""


@dataclass
class LedgerRow:
    """One report of a legacy ledger, already checked (see ``opinions.ledger``)."""

    title: str
    submitted_at: datetime.datetime | None
    state: str
    content: str = ""
    category: str = OpinionReport.Category.OTHER
    authors: list[Member] = field(default_factory=list)
    organisation_field: str = ""
    organisation: object = None
    issue: tuple[int, int] | None = None  # (year, number)
    issue_published_on: datetime.date | None = None
    reason: str = ""
    adoptions: list[LedgerAdoption] = field(default_factory=list)


def _issues_for(committee: Committee, rows: Sequence[LedgerRow]) -> dict[tuple[int, int], Issue]:
    wanted = {row.issue: row.issue_published_on for row in rows if row.issue}
    issues = {
        (i.year, i.number): i
        for i in Issue.objects.select_for_update().filter(
            committee=committee, year__in={y for y, _n in wanted}
        )
        if (i.year, i.number) in wanted
    }
    missing = [key for key in wanted if key not in issues]
    for key in missing:
        if wanted[key] is None:
            raise ValidationError(
                {
                    "issue": _("Issue %(year)s-%(number)s needs a publication date.")
                    % {"year": key[0], "number": key[1]}
                }
            )
    created = bulk_create_with_history(
        [Issue(committee=committee, year=y, number=n, published_on=wanted[(y, n)]) for y, n in missing], Issue
    )
    issues.update({(i.year, i.number): i for i in created})
    return issues


@transaction.atomic
def reports_import(
    *, committee: Committee, rows: Sequence[LedgerRow], actor: User | None
) -> list[OpinionReport]:
    """Create many reports at once, with their authors, issues and adoptions, in a fixed number of
    queries (a legacy ledger, or the demo data with ``actor=None``). All or nothing."""
    if actor is not None and not access_for(actor).manages_committee(committee.pk):
        raise PermissionDenied(_("You may not import reports into this committee."))
    issues = _issues_for(committee, rows)
    next_order = dict(
        Issue.objects.filter(pk__in=[i.pk for i in issues.values()])
        .annotate(last=Max("reports__issue_order"))
        .values_list("pk", "last")
    )
    arrivals = []
    for row in rows:
        issue = issues[row.issue] if row.issue and row.state == State.PUBLISHED else None
        order = None
        if issue is not None:
            order = (next_order.get(issue.pk) or 0) + 1
            next_order[issue.pk] = order
        report = OpinionReport(
            committee_id=committee.pk,
            title=row.title,
            content=row.content,
            category=row.category,
            reason=row.reason,
            issue_id=issue.pk if issue else None,
            issue_order=order,
        )
        if row.organisation_field:
            setattr(report, f"{row.organisation_field}_id", row.organisation.pk)
        # Dated when the report was submitted (a draft, when it was imported).
        arrivals.append((report, [Step(f"import_{row.state}", at=row.submitted_at, actor=actor)]))
    reports = workflow.arrive(arrivals)
    pks = [report.pk for report in reports]
    history_of_created(OpinionReport, pks, user=actor)
    authors = ReportAuthor.objects.bulk_create(
        [
            ReportAuthor(report_id=report.pk, member_id=member.pk, order=i)
            for report, row in zip(reports, rows, strict=True)
            for i, member in enumerate(row.authors, start=1)
        ],
        batch_size=2000,
    )
    history_of_created(ReportAuthor, [author.pk for author in authors], user=actor)
    adoptions = Adoption.objects.bulk_create(
        [
            Adoption(
                report_id=report.pk,
                body=a.body,
                action=a.action,
                date=a.date,
                leader=a.leader,
                leader_title=a.leader_title,
            )
            for report, row in zip(reports, rows, strict=True)
            for a in row.adoptions
        ],
        batch_size=2000,
    )
    history_of_created(Adoption, [adoption.pk for adoption in adoptions], user=actor)
    return reports
