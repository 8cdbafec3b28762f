"""Helpers for the crash test: a Lots server in a subprocess, on its own database."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import requests

from lots.people.identity import make_identity_number

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "correct-horse-battery"

SEED = """
from lots.access.models import Assignment
from lots.organisations.models import Agency, Membership, Principal, Unit, User
from lots.people.models import Child, RelatedPerson, Relationship
from lots.people.identity import make_identity_number
import datetime as dt
region = Principal.objects.create(name="Region Krasch", kind="region", organisation_number="232100-0016")
town = Principal.objects.create(
    name="Krasch kommun", kind="municipality", organisation_number="212000-0142", region=region
)
school = Agency.objects.create(principal=town, name="Utbildning", kind="school")
bup = Agency.objects.create(principal=region, name="BUP", kind="health_care")
unit = Unit.objects.create(agency=school, name="Kraschskolan", kind="school")
user = User.objects.create_user("kurator", password="{password}", first_name="Kim", last_name="K")
Membership.objects.create(user=user, unit=unit, role="kurator")
rektor = User.objects.create_user("rektor", password="{password}", first_name="Rita", last_name="R")
Membership.objects.create(user=rektor, unit=unit, role="rektor")
born = dt.date(2013, 3, 1)
child = Child.objects.create(
    first_name="Elin", last_name="Berg", identity_number=make_identity_number(born, 982),
    date_of_birth=born, school_unit=unit,
)
for name in ("Gun", "Gert"):
    person = RelatedPerson.objects.create(first_name=name, last_name="Berg")
    Relationship.objects.create(child=child, person=person, kind="guardian")
Assignment.objects.create(user=user, unit=unit, child=child, reason="student_health")
from lots.plans.models import RegionalAgreement
RegionalAgreement.objects.create(region=region, name="Överenskommelse om SIP", schools_may_request=True)
from django_otp.plugins.otp_totp.models import TOTPDevice
for person in (user, rektor):
    for n in range({authenticators}):
        TOTPDevice.objects.create(user=person, name=str(n), key=f"{{n:040x}}", confirmed=True)
print(child.pk, school.pk, bup.pk, *Relationship.objects.values_list("person_id", flat=True))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn in its own process group, so that kill -9 takes the master and its workers."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        self.process = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), *args], env=self.env, cwd=ROOT, capture_output=True, text=True
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed: {done.stderr[-2000:]}")
        return done.stdout

    def start(self) -> Server:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(  # noqa: S603
            [gunicorn, "lots.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--timeout", "30"],
            env=self.env,
            cwd=ROOT,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(150):
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as answer:  # noqa: S310 - loopback
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the server did not start; see {self.log}")

    def kill(self) -> None:
        """kill -9 of the whole group: no handler runs, no transaction is finished."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)


#: Each seeded user has this many authenticators (keys 0, 1, …): a code is good once per device,
#: so the clients that sign in as one person at once each use their own.
AUTHENTICATORS = 8
_next_authenticator = itertools.count()


def signed_in_session(url: str, username: str = "kurator") -> requests.Session:
    """The password, then the one-time code of one of the user's authenticators."""
    from django_otp.oath import TOTP

    session = requests.Session()
    session.get(url + "/konto/logga-in/", timeout=10)
    answer = session.post(
        url + "/konto/logga-in/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    key = f"{next(_next_authenticator) % AUTHENTICATORS:040x}"
    # The code is checked against each of the user's authenticators in turn, and a wrong one holds
    # an authenticator back for a moment (django-otp's throttling): with clients signing in at
    # once, one's code can meet its own authenticator held back by the others. It waits and gives
    # the code again, as a person told to wait would.
    for wait in (1, 2, 4, 8, None):
        code = f"{TOTP(bytes.fromhex(key)).token():06d}"
        answer = session.post(
            url + "/konto/engangskod/",
            data={"code": code, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
            allow_redirects=False,
            timeout=10,
        )
        if answer.status_code == 302 or wait is None:
            break
        time.sleep(wait)
    assert answer.status_code == 302, answer.text[:500]
    return session


PUPILS_PER_FILE = 40
_pupil_numbers = itertools.count()
_pupil_lock = threading.Lock()


def pupil_file() -> bytes:
    """A file of PUPILS_PER_FILE new pupils, each with one guardian (not read); numbers never repeat."""
    with _pupil_lock:
        numbers = [next(_pupil_numbers) for _ in range(PUPILS_PER_FILE)]
    lines = ["personnummer;fornamn;efternamn;vh1_personnummer;vh1_fornamn;vh1_efternamn;vh1_vardnad"]
    for n in numbers:
        child = make_identity_number(dt.date(2010, 1, 1) + dt.timedelta(days=n // 900), n % 900 + 1)
        adult = make_identity_number(dt.date(1980, 1, 1) + dt.timedelta(days=n // 900), n % 900 + 1)
        lines.append(f"{child};Elev{n};Testsson;{adult};Förälder{n};Testsson;ja")
    return "\n".join(lines).encode("utf-8")


def import_pupils(session: requests.Session, url: str, seeded: dict) -> int:
    """Upload a pupil file for real (no preview); the import's id if Lots acknowledged it."""
    answer = session.post(
        f"{url}/interop/import/elever/",
        data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        files={"file": ("elever.csv", pupil_file(), "text/csv")},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        raise AssertionError(f"unexpected answer {answer.status_code}: {answer.text[:3000]}")
    return int(re.search(r"/import/elever/(\d+)/", answer.headers["Location"]).group(1))


def request_sip(session: requests.Session, url: str, seeded: dict) -> int:
    """POST the SIP request form once; the new plan's id if Lots acknowledged it."""
    answer = session.post(
        f"{url}/sip/barn/{seeded['child']}/begar/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "token": str(uuid.uuid4()),
            "reason": "Skolfrånvaro och oro hemma; skola, socialtjänst och BUP behöver samordna sig.",
        },
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise AssertionError(f"unexpected answer {answer.status_code}: {answer.text[:3000]}")
    return int(re.search(r"/sip/(\d+)/", answer.headers["Location"]).group(1))


def record_consent(session: requests.Session, url: str, seeded: dict) -> int:
    """POST the consent form once; the consent's id if Lots acknowledged it."""
    answer = session.post(
        f"{url}/sekretess/barn/{seeded['child']}/samtycken/nytt/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "submission_key": uuid.uuid4().hex,
            "purpose": "sip",
            "agencies": [seeded["school"], seeded["bup"]],
            "information_kinds": ["1", "2"],
            "form": "in_meeting",
            "guardians": seeded["guardians"],
        },
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302:
        raise AssertionError(f"unexpected answer {answer.status_code}: {answer.text[:3000]}")
    return int(re.search(r"/samtycken/(\d+)/", answer.headers["Location"]).group(1))
