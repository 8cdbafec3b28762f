"""Rows of the access matrix for documents and the security pages.

A document attached to a consent is seen by exactly those who see the consent."""

from django.core.files.uploadedfile import SimpleUploadedFile

from lots.access.tests.factories import ConsentFactory
from tests.access_matrix.rows import Row

MATRIX = {
    "documents:download": Row(
        lambda w, f: [f["document"].pk], frozenset({"kim", "mona", "rita", "tor!", "bo"}), shows=lambda w: "%PDF-1.4"
    ),
    # Upload is a POST (tested in lots/documents/tests); a GET is refused for everyone.
    "documents:upload": Row(lambda w, f: ["samtycke", f["document"].owner_id], frozenset(), denied_status=405),
    # An enrolment link issued for Kim opens only for Kim (one's own authenticator; no person data).
    "enrol_second_factor": Row(lambda w, f: [f["enrolment_token"]], frozenset({"kim"})),
}

#: One's own sessions and the sign-in through the identity provider show no person data.
WITHOUT_PERSON_DATA = {
    "my_sessions",
    "sign_out_everywhere",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}


def fixtures(world) -> dict:
    from lots.documents import services
    from lots.documents.tests.factories import MINIMAL_PDF
    from lots.security import enrolment

    consent = ConsentFactory(child=world.elin, recorded_in=world.school, agencies=[world.school, world.bup])
    document = services.attach(
        actor=world.actor(world.kim),
        record=consent,
        upload=SimpleUploadedFile("samtycke.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    _link, enrolment_token = enrolment.issue_link(user=world.kim, actor=world.actor(world.rita))
    return {"document": document, "enrolment_token": enrolment_token}
