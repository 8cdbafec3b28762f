"""The roles staff hold in a unit, and which of them manage the unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REKTOR = "rektor", _("Head teacher (rektor)")
    TEACHER = "teacher", _("Mentor / teacher")
    KURATOR = "kurator", _("School counsellor (kurator)")
    SCHOOL_NURSE = "school_nurse", _("School nurse")
    SCHOOL_PSYCHOLOGIST = "school_psychologist", _("School psychologist")
    SPECIAL_EDUCATOR = "special_educator", _("Special educator")
    SOCIAL_WORKER_INTAKE = "social_worker_intake", _("Social worker, reception")
    SOCIAL_WORKER_INVESTIGATION = "social_worker_investigation", _("Social worker, investigation")
    FAMILY_THERAPIST = "family_therapist", _("Family therapist")
    FIELD_WORKER = "field_worker", _("Field worker")
    LSS_OFFICER = "lss_officer", _("LSS officer")
    FAMILY_COORDINATOR = "family_coordinator", _("Family coordinator")
    BUP_CLINICIAN = "bup_clinician", _("BUP clinician")
    HABILITATION_CLINICIAN = "habilitation_clinician", _("Habilitation clinician")
    PRIMARY_CARE_CLINICIAN = "primary_care_clinician", _("Primary care clinician")
    UNIT_MANAGER = "unit_manager", _("Unit manager")
    STEERING_GROUP_MEMBER = "steering_group_member", _("Steering group member")
    AUDITOR = "auditor", _("Log auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


#: Roles that manage the unit they belong to: they see the children assigned in it.
MANAGER_ROLES = frozenset({Role.REKTOR, Role.UNIT_MANAGER})

#: Roles that work with individual children (casework). Others administer or follow up.
CASEWORK_ROLES = frozenset(Role) - {
    Role.STEERING_GROUP_MEMBER,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
}

#: Roles that may break the glass: those who work with individual children, and only in a child of
#: their own principal (or on a documented cross-principal ground). Administrators, auditors and
#: steering groups never do: they administer and follow up, and an auditor would review their own use.
BREAK_GLASS_ROLES = CASEWORK_ROLES

#: Roles that always need a second factor at sign-in, whatever `RoleRequirement` says: everyone
#: who reads case data (casework, managers), the log auditors (the access log names children) and
#: the administrators (they give roles). Only the steering group, which sees suppressed figures and
#: no child, signs in with a password alone unless an administrator requires more.
SECOND_FACTOR_ROLES = CASEWORK_ROLES | {Role.AUDITOR, Role.ADMINISTRATOR}
