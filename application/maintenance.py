"""The operator's use cases: look after the whole database, and keep it lean."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain.analysis import FeedbackAnalysis, summarise
from domain.errors import NoDatabaseError, SameDatabaseError
from domain.maintenance import (
    BackupReport,
    CleanupReport,
    CopyReport,
    MigrateReport,
    RestoreReport,
    VerifyReport,
    retention_cutoff,
)
from domain.ports import Clock, DatabaseCopier, Progress, StorageAdmin, UnitOfWorkFactory
from domain.sessions import SessionStatus
from domain.users import User


class Storage:
    """Verify, back up, restore and migrate, through the StorageAdmin port."""

    def __init__(self, admin: StorageAdmin) -> None:
        self._admin = admin

    def require(self) -> None:
        """Admin commands look after a database; they never create an empty one. An adapter
        that knows where it looked says so itself (NoDatabaseError with the path)."""
        if not self._admin.exists():
            raise NoDatabaseError

    def verify(self) -> VerifyReport:
        self.require()
        return self._admin.verify()

    def backup(self, destination: str, progress: Progress | None = None) -> BackupReport:
        self.require()
        return self._admin.backup(destination, progress)

    def restore(self, source: str) -> RestoreReport:
        return self._admin.restore(source)

    def migrate(self) -> MigrateReport:
        self.require()
        return self._admin.migrate()


@dataclass(frozen=True, slots=True)
class CleanupRequest:
    retention: timedelta  # how old history must be to go; zero only with dry_run
    dry_run: bool = False


class CleanupHistory:
    """Retention: abandoned sessions and chat history past the cut-off go; approved posts,
    learned preferences and the counters stats read stay. A dry run does the same work in
    a unit of work that is rolled back, so it reports exactly what would go; it may look at
    everything (a retention of zero), which a real cleanup may not (domain.maintenance)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def __call__(self, request: CleanupRequest) -> CleanupReport:
        cutoff = retention_cutoff(self._clock.now(), request.retention, dry_run=request.dry_run)
        sessions = messages = posts = feedback = 0
        with self._uow_factory() as uow:
            for session in uow.sessions.ended_before(cutoff, SessionStatus.ABANDONED):
                assert session.id is not None
                messages += len(uow.messages.list_for_session(session.id))
                posts += len(uow.posts.list_for_session(session.id))
                feedback += len(uow.feedback.list_for_session(session.id))
                uow.sessions.delete(session.id)
                sessions += 1
            messages += uow.messages.delete_before(cutoff, (SessionStatus.COMPLETED,))
            if not request.dry_run:
                uow.commit()
        return CleanupReport(cutoff, request.dry_run, sessions, messages, posts, feedback)


class CopyDatabase:
    """Move all data from one database to another (SQLite <-> PostgreSQL)."""

    def __init__(self, copier: DatabaseCopier) -> None:
        self._copier = copier

    def __call__(self, source: str, target: str, progress: Progress | None = None) -> CopyReport:
        if source.strip() == target.strip():
            raise SameDatabaseError
        return self._copier.copy(source, target, progress)


class ListUsers:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self) -> list[User]:
        with self._uow_factory(read_only=True) as uow:
            return uow.users.list()


class Summary:
    """Everyone's feedback analysis, added up by storage: no history row is loaded."""

    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def __call__(self) -> FeedbackAnalysis:
        with self._uow_factory(read_only=True) as uow:
            return summarise(uow.users.totals(), uow.posts.approvals(), uow.feedback.tallies())
