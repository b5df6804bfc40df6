"""A fake Compute Nest + ROS + OSS endpoint on 127.0.0.1 for the real SDK clients.

It checks ACS3-HMAC-SHA256 signatures (and the STS token), OSS V1 signatures and
Content-MD5, keeps services, artifacts and objects in memory with realistic state
transitions, journals every request and can inject a fault at any request position.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import itertools
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import yaml

FAULTS = ("throttle", "500", "timeout", "drop", "drop-after", "400")
RELATION_TABLES = (
    "HelmChartArtifactRelation",
    "FileArtifactRelation",
    "AcrImageArtifactRelation",
    "ArtifactRelation",
)
DRAFT = "draft"


@dataclass
class Entry:
    """One journaled request."""

    index: int
    kind: str  # "api" or "oss"
    action: str
    params: dict[str, Any]
    status: int = 0
    fault: str | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``Filter.1.Value.1=x`` -> ``{"Filter": [{"Value": ["x"]}]}``."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.split(".")
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt: Any = value if last else ([] if parts[i + 1].isdigit() else {})
            if isinstance(node, list):
                index = int(part) - 1
                while len(node) <= index:
                    node.append(None)
                if node[index] is None or last:
                    node[index] = nxt
                node = node[index]
            else:
                if part not in node or last:
                    node[part] = nxt
                node = node[part]
    return root


def _loose_yaml(text: str) -> Any:
    class Loader(yaml.SafeLoader):
        pass

    def any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)

    Loader.add_multi_constructor("!", any_tag)
    return yaml.load(text, Loader=Loader)


@dataclass
class FakeCloud:
    """The state and the rules; :class:`Server` puts it on a port."""

    access_key_id: str = "LTAIfakekey0001"
    access_key_secret: str = "fake-secret-0123456789abcdef"
    security_token: str | None = None
    uid: str = "1234567890"
    region: str = "cn-hangzhou"
    registry_path: str = ""
    registry_user: str = "cn-user"
    registry_password: str = "registry-pass-s3cr3t"
    registry_check: Callable[[str], bool] | None = None
    registry_tags: Callable[[str], list[str]] | None = None
    latency: float = 0.0
    timeout_sleep: float = 2.0
    settle_reads: int = 1
    scan_result: str = "Available"
    release_answer_draft: bool = False
    missing_policy: list[dict[str, Any]] = field(default_factory=list)  # DryRun's answer
    test_status: str = "CONFIG_IS_NULL"  # GetService TestStatus of new services
    page_size: int = 100
    # resource types this ROS does not know (ValidateTemplate answers InvalidTemplate)
    unknown_resource_types: frozenset[str] = frozenset()
    # ROS resource types: name -> (EntityType, GetResourceType answer)
    resource_types: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    journal: list[Entry] = field(default_factory=list)
    faults: dict[int, str] = field(default_factory=dict)
    action_faults: dict[str, str] = field(default_factory=dict)
    services: dict[str, dict[str, Any]] = field(default_factory=dict)
    artifacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    objects: dict[tuple[str, str], bytes] = field(default_factory=dict)
    sts: dict[str, tuple[str, str]] = field(default_factory=dict)
    tokens: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    repos: dict[str, str] = field(default_factory=dict)  # RepoId -> RepoName
    test_cases: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    test_tasks: dict[str, dict[str, Any]] = field(default_factory=dict)
    failing_cases: set[str] = field(default_factory=set)  # test cases whose deploy fails
    lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    # ---------------------------------------------------------------- helpers
    def inject(self, position: int, kind: str, count: int = 1) -> None:
        """Fail ``count`` requests starting at journal position ``position``."""
        assert kind in FAULTS, kind
        for i in range(position, position + count):
            self.faults[i] = kind

    def fail_next(self, action: str, kind: str) -> None:
        """Fail the next request of ``action`` with fault ``kind``."""
        assert kind in FAULTS, kind
        self.action_faults[action] = kind

    def calls(self, kind: str = "api") -> list[str]:
        return [e.action for e in self.journal if e.kind == kind and e.status < 300]

    def writes(self) -> list[str]:
        """API calls that change state (a DryRun changes nothing)."""
        read = ("List", "Get", "Validate", "Preview")
        return [
            e.action
            for e in self.journal
            if e.kind == "api"
            and e.status < 300
            and not e.action.startswith(read)
            and str(e.params.get("DryRun")).lower() != "true"
        ]

    def puts(self) -> list[str]:
        """Object uploads (``PUT /bucket/key``)."""
        return [a for a in self.calls("oss") if a.startswith("PUT")]

    def _id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):08x}"

    # ---------------------------------------------------------------- signing
    def verify_acs3(
        self, method: str, query: str, headers: dict[str, list[str]], body: bytes
    ) -> None:
        auth = (headers.get("authorization") or [""])[0]
        algo, _, rest = auth.partition(" ")
        if algo != "ACS3-HMAC-SHA256":
            raise ApiError(400, "IncompleteSignature", "missing ACS3 signature")
        parts = dict(p.split("=", 1) for p in rest.split(","))
        credential, signed = parts.get("Credential", ""), parts.get("SignedHeaders", "")
        secret = self._secret(credential)
        if secret is None:
            raise ApiError(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        token = (headers.get("x-acs-security-token") or [None])[0]
        self._check_token(credential, token, "x-acs-security-token" in signed.split(";"))
        payload = hashlib.sha256(body).hexdigest()
        if (headers.get("x-acs-content-sha256") or [""])[0] != payload:
            raise ApiError(400, "InvalidParameter", "body hash mismatch")
        pairs = sorted(urllib.parse.parse_qsl(query, keep_blank_values=True))
        canon_query = "&".join(f"{k}={urllib.parse.quote(v, safe='~')}" for k, v in pairs)
        canon_headers = "".join(
            f"{h}:{','.join(sorted(v.strip() for v in headers.get(h, [])))}\n"
            for h in signed.split(";")
        )
        request = f"{method}\n/\n{canon_query}\n{canon_headers}\n{signed}\n{payload}"
        to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(request.encode()).hexdigest()
        expected = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, parts.get("Signature", "")):
            raise ApiError(400, "SignatureDoesNotMatch", "The request signature does not match.")

    def _secret(self, key_id: str) -> str | None:
        if key_id == self.access_key_id:
            return self.access_key_secret
        return self.sts.get(key_id, (None, None))[0]

    def _check_token(self, key_id: str, token: str | None, signed: bool) -> None:
        wanted = (
            self.security_token
            if key_id == self.access_key_id
            else self.sts.get(key_id, (None, None))[1]
        )
        if wanted is not None and (token != wanted or not signed):
            raise ApiError(400, "InvalidSecurityToken.Mismatch", "security token mismatch")

    def verify_oss(
        self, method: str, path: str, headers: dict[str, list[str]], body: bytes
    ) -> tuple[str, str]:
        one = {k: v[0] for k, v in headers.items()}
        auth = one.get("authorization", "")
        if not auth.startswith("OSS "):
            raise ApiError(403, "AccessDenied", "anonymous access denied")
        key_id, _, signature = auth[4:].partition(":")
        secret = self._secret(key_id)
        if secret is None:
            raise ApiError(403, "InvalidAccessKeyId", "access key not found")
        self._check_token(key_id, one.get("x-oss-security-token"), True)
        oss_headers = "".join(f"{k}:{one[k]}\n" for k in sorted(one) if k.startswith("x-oss-"))
        bucket, _, key = urllib.parse.unquote(path.lstrip("/")).partition("/")
        to_sign = (
            f"{method}\n{one.get('content-md5', '')}\n{one.get('content-type', '')}\n"
            f"{one.get('date', '')}\n{oss_headers}/{bucket}/{key}"
        )
        digest = hmac.new(secret.encode(), to_sign.encode(), hashlib.sha1).digest()
        if not hmac.compare_digest(base64.b64encode(digest).decode(), signature):
            raise ApiError(403, "SignatureDoesNotMatch", "OSS signature mismatch")
        if method == "PUT":
            md5 = one.get("content-md5")
            if md5 is None or base64.b64decode(md5) != hashlib.md5(body).digest():
                raise ApiError(400, "InvalidDigest", "Content-MD5 mismatch")
        return bucket, key

    # ---------------------------------------------------------------- OSS
    def oss(
        self, method: str, path: str, headers: dict[str, list[str]], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        bucket, key = self.verify_oss(method, path, headers, body)
        if method == "PUT":
            with self.lock:
                self.objects[(bucket, key)] = body
            etag = hashlib.md5(body).hexdigest().upper()
            return 200, {"ETag": f'"{etag}"'}, b""
        data = self.objects.get((bucket, key))
        if data is None:
            raise ApiError(404, "NoSuchKey", "The specified key does not exist.")
        return (
            200,
            {"ETag": f'"{hashlib.md5(data).hexdigest().upper()}"'},
            b"" if method == "HEAD" else data,
        )

    def object_of(self, url: str) -> bytes | None:
        parts = urllib.parse.urlsplit(url)
        bucket = parts.netloc.split(".", 1)[0]
        return self.objects.get((bucket, parts.path.lstrip("/")))

    # ---------------------------------------------------------------- API
    def api(self, action: str, params: dict[str, Any]) -> dict[str, Any]:
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise ApiError(404, "InvalidAction.NotFound", f"unknown action {action}")
        token = params.get("ClientToken")
        with self.lock:
            if token and (action, token) in self.tokens:
                return self.tokens[(action, token)]
            result = handler(params)
            if token:
                self.tokens[(action, token)] = result
            return result

    def _check_region(self, params: dict[str, Any]) -> None:
        region = params.get("RegionId") or params.get("DeployRegionId")
        if region and region != self.region:
            raise ApiError(400, "InvalidRegionId", f"The region {region} is not supported.")

    def _check_deploy(self, meta: dict[str, Any]) -> None:
        for config in meta.get("TemplateConfigs") or []:
            if self.object_of(str(config.get("Url"))) is None:
                raise ApiError(
                    400,
                    "InvalidParameter.TemplateUrl",
                    f"template {config.get('Url')} cannot be read",
                )
        supplier = meta.get("SupplierDeployMetadata") or {}
        relations = [r for t in RELATION_TABLES for r in (supplier.get(t) or {}).values()]
        for rel in relations:
            art = self.artifacts.get(str(rel.get("ArtifactId")))
            if art is None or str(rel.get("ArtifactVersion")) not in art["versions"]:
                raise ApiError(400, "EntityNotExist.Artifact", f"no artifact {rel}")

    def _service_record(self, params: dict[str, Any], record: dict[str, Any]) -> None:
        meta = json.loads(params.get("DeployMetadata") or "{}")
        self._check_deploy(meta)
        record.update(
            DeployType=params.get("DeployType"),
            ServiceType=params.get("ServiceType"),
            DeployMetadata=params.get("DeployMetadata"),
            ServiceInfos=params.get("ServiceInfo") or [],
            OperationMetadata=params.get("OperationMetadata"),
        )
        if "ServiceLocaleConfigs" in params:  # UpdateService only (CreateService has no such field)
            record["ServiceLocaleConfigs"] = params["ServiceLocaleConfigs"]

    def _dry_run(self) -> dict[str, Any]:
        """What a DryRun answers (the policy text is a guess; MissingPolicy as configured)."""
        return {
            "DryRunResult": {
                "RolePolicy": {
                    "Policy": json.dumps({"Version": "1", "Statement": []}),
                    "MissingPolicy": self.missing_policy,
                }
            }
        }

    def do_CreateService(self, p: dict[str, Any]) -> dict[str, Any]:
        self._check_region(p)
        if str(p.get("DryRun")).lower() == "true":
            self._check_deploy(json.loads(p.get("DeployMetadata") or "{}"))
            return self._dry_run()
        record: dict[str, Any] = {
            "ServiceId": self._id("service"),
            "Version": "1",
            "Status": "Creating",
            "TestStatus": self.test_status,
            "reads": 0,
            "versions": {},  # pre-launched versions: number -> snapshot of the draft
        }
        self._service_record(p, record)
        self.services[record["ServiceId"]] = record
        return {"ServiceId": record["ServiceId"], "Version": "1", "Status": "Creating"}

    def _service(self, p: dict[str, Any]) -> dict[str, Any]:
        """The draft (ServiceVersion draft, none, or its number), or a pre-launched version."""
        record = self.services.get(str(p.get("ServiceId")))
        version = p.get("ServiceVersion")
        if record is not None and version in record["versions"]:
            return record["versions"][version]
        if record is None or version not in (None, "draft", record["Version"]):
            raise ApiError(400, "EntityNotExist.Service", f"service {p.get('ServiceId')} not found")
        return record

    def do_PreLaunchService(self, p: dict[str, Any]) -> dict[str, Any]:
        """The draft becomes a new numbered version in Beta; the draft stays, for the next
        one. (Guessed from the statuses in the SDK: Beta, and ListServices' HasBeta/HasDraft.)"""
        self._check_region(p)
        record = self._service({"ServiceId": p.get("ServiceId")})
        if record["Status"] != "Draft":
            raise ApiError(400, "OperationDenied.ServiceStatus", f"service is {record['Status']}")
        number = record["Version"]
        snapshot = {k: copy.deepcopy(v) for k, v in record.items() if k != "versions"}
        snapshot.update(Status="Beta", Version=number, reads=0)
        record["versions"][number] = snapshot
        record["Version"] = str(int(number) + 1)
        # "Test cases are inherited when a new version is created" (the docs): the new draft
        # has copies of the cases (new ids: a guess).
        inherited = [
            {**case, "TestCaseId": self._id("case")}
            for case in self.test_cases.get((record["ServiceId"], number), [])
        ]
        if inherited:
            self.test_cases[(record["ServiceId"], record["Version"])] = inherited
        return {}

    def do_LaunchService(self, p: dict[str, Any]) -> dict[str, Any]:
        """Launch a pre-launched version: Launching, then Online; an Online one goes Offline.
        ("Only approved services can be published": Beta counts as approved here, a guess.)"""
        self._check_region(p)
        record = self.services.get(str(p.get("ServiceId")))
        version = str(p.get("ServiceVersion"))
        snapshot = (record or {}).get("versions", {}).get(version)
        if record is None or snapshot is None:
            raise ApiError(400, "EntityNotExist.Service", f"no version {version} to launch")
        if snapshot["Status"] not in ("Beta", "Approved", "Offline"):
            raise ApiError(400, "OperationDenied.ServiceStatus", f"version is {snapshot['Status']}")
        for other in record["versions"].values():
            if other["Status"] == "Online":
                other["Status"] = "Offline"
        snapshot.update(Status="Launching", reads=0)
        return {"Version": version, "ServiceLaunchResultType": "PublishNewVersion"}

    def do_UpdateService(self, p: dict[str, Any]) -> dict[str, Any]:
        record = self._service(p)
        if record["Status"] in ("Creating", "Updating"):
            raise ApiError(400, "OperationDenied.ServiceStatus", f"service is {record['Status']}")
        if str(p.get("DryRun")).lower() == "true":
            self._check_deploy(json.loads(p.get("DeployMetadata") or "{}"))
            return self._dry_run()
        self._service_record(p, record)
        record.update(Status="Updating", reads=0)
        return {}

    def _advance(self, record: dict[str, Any], steps: dict[str, str]) -> None:
        if record["Status"] in steps:
            record["reads"] += 1
            if record["reads"] > self.settle_reads:
                record["Status"], record["reads"] = steps[record["Status"]], 0

    def do_GetService(self, p: dict[str, Any]) -> dict[str, Any]:
        record = self._service(p)
        self._advance(record, {"Creating": "Draft", "Updating": "Draft", "Launching": "Online"})
        return {k: v for k, v in record.items() if k not in ("reads", "versions")}

    def do_ListServices(self, p: dict[str, Any]) -> dict[str, Any]:
        """By Name or ServiceId; with AllVersions one entry per version (the draft too),
        else one per service: its Online version if any, else the draft."""
        self._check_region(p)

        def wanted(name: str) -> set[str]:
            return {
                str(v)
                for f in p.get("Filter") or []
                if f.get("Name") == name
                for v in f.get("Value") or []
            }

        names, ids = wanted("Name"), wanted("ServiceId")
        found = [
            s
            for s in self.services.values()
            if (not names or {i.get("Name") for i in s["ServiceInfos"]} & names)
            and (not ids or s["ServiceId"] in ids)
        ]

        def entry(s: dict[str, Any], version: dict[str, Any]) -> dict[str, Any]:
            return {
                "ServiceId": s["ServiceId"],
                "Status": version["Status"],
                "Version": version["Version"],
                "ServiceInfos": version["ServiceInfos"],
                "HasDraft": True,
                "HasBeta": any(v["Status"] == "Beta" for v in s["versions"].values()),
            }

        items = []
        for s in found:
            versions = list(s["versions"].values())
            if str(p.get("AllVersions")).lower() == "true":
                items += [entry(s, v) for v in versions] + [entry(s, s)]
            else:
                online = [v for v in versions if v["Status"] == "Online"]
                items.append(entry(s, online[0] if online else s))
        return self._page(p, items, "Services")

    def do_GetServiceTemplateCriterionIssues(self, p: dict[str, Any]) -> dict[str, Any]:
        """Criterion issues of the draft's templates. The criteria themselves are guesses
        (the API's shape is the SDK's): a password parameter without NoEcho is Mandatory, a
        parameter without a Label Recommended; Position is a JSON path."""
        record = self._service(p)
        meta = json.loads(record.get("DeployMetadata") or "{}")
        listing = []
        for config in meta.get("TemplateConfigs") or []:
            data = self.object_of(str(config.get("Url")))
            template = _loose_yaml(data.decode()) if data else None
            issues = []
            params = (template or {}).get("Parameters") or {}
            for name, param in params.items() if isinstance(params, dict) else ():
                param = param if isinstance(param, dict) else {}
                if "password" in name.lower() and not param.get("NoEcho"):
                    issues.append(
                        {
                            "Level": "Mandatory",
                            "Type": "PasswordNoEcho",
                            "Position": f"$.Parameters.{name}",
                            "ExtendInfo": {"Property": "NoEcho", "PropertyValue": "false"},
                        }
                    )
                if not param.get("Label"):
                    issues.append(
                        {
                            "Level": "Recommended",
                            "Type": "ParameterLabel",
                            "Position": f"$.Parameters.{name}",
                            "ExtendInfo": {"Property": "Label"},
                        }
                    )
            mandatory = sum(i["Level"] == "Mandatory" for i in issues)
            listing.append(
                {
                    "TemplateName": config.get("Name"),
                    "TemplateUrl": config.get("Url"),
                    "CriterionIssues": issues,
                    "TotalCriterionIssueCount": len(issues),
                    "TotalMandatoryCriterionIssueCount": mandatory,
                }
            )
        return {
            "TemplateCriterionIssueList": listing,
            "RiskyTemplateCount": sum(bool(t["CriterionIssues"]) for t in listing),
            "TotalCriterionIssueCount": sum(t["TotalCriterionIssueCount"] for t in listing),
            "TotalMandatoryCriterionIssueCount": sum(
                t["TotalMandatoryCriterionIssueCount"] for t in listing
            ),
        }

    # ------------------------------------------------------------ service tests
    # The calls and fields are the SDK's; the task states (Running, then Succeeded or
    # Failed, per case too) and the log lines are guesses: the SDK documents none.

    def do_CreateServiceTestCase(self, p: dict[str, Any]) -> dict[str, Any]:
        record = self._service(p)
        names = {
            c.get("Name")
            for c in json.loads(record["DeployMetadata"] or "{}").get("TemplateConfigs") or []
        }
        if p.get("TemplateName") not in names:
            raise ApiError(400, "EntityNotExist.Template", f"no template {p.get('TemplateName')}")
        key = (str(p.get("ServiceId")), str(p.get("ServiceVersion")))
        if any(c["TestCaseName"] == p.get("TestCaseName") for c in self.test_cases.get(key, [])):
            raise ApiError(400, "EntityAlreadyExist.TestCase", "the test case exists")
        case = {
            "TestCaseId": self._id("case"),
            "TestCaseName": p.get("TestCaseName"),
            "TemplateName": p.get("TemplateName"),
            "TestConfig": p.get("TestConfig"),
        }
        self.test_cases.setdefault(key, []).append(case)
        return {"TestCaseId": case["TestCaseId"]}

    def _case(self, case_id: str) -> dict[str, Any]:
        for cases in self.test_cases.values():
            for case in cases:
                if case["TestCaseId"] == case_id:
                    return case
        raise ApiError(400, "EntityNotExist.TestCase", f"no test case {case_id}")

    def do_UpdateServiceTestCase(self, p: dict[str, Any]) -> dict[str, Any]:
        case = self._case(str(p.get("TestCaseId")))
        case.update(TestCaseName=p.get("TestCaseName"), TestConfig=p.get("TestConfig"))
        return {}

    def do_ListServiceTestCases(self, p: dict[str, Any]) -> dict[str, Any]:
        key = (str(p.get("ServiceId")), str(p.get("ServiceVersion")))
        return self._page(p, list(self.test_cases.get(key, [])), "Data")

    def do_CreateServiceTestTask(self, p: dict[str, Any]) -> dict[str, Any]:
        ids = [str(i) for i in p.get("TestCaseIds") or []]
        cases = [self._case(i) for i in ids]
        if not cases:
            raise ApiError(400, "InvalidParameter.TestCaseIds", "no test case given")
        version = next(
            k for k, listed in self.test_cases.items() if any(c in listed for c in cases)
        )
        task = {
            "TaskId": self._id("task"),
            "TaskName": p.get("TaskName"),
            "TaskRegionId": p.get("TaskRegionId"),
            "Status": "Running",
            "CreateTime": f"2026-01-01T00:00:{len(self.test_tasks):02d}Z",
            "cases": cases,
            "version": version,
            "reads": 0,
        }
        self.test_tasks[task["TaskId"]] = task
        return {"TaskId": task["TaskId"]}

    def _task(self, task_id: str) -> dict[str, Any]:
        task = self.test_tasks.get(task_id)
        if task is None:
            raise ApiError(400, "EntityNotExist.TestTask", f"no task {task_id}")
        return task

    def _outcome(self, case: dict[str, Any]) -> str:
        return "Failed" if case["TestCaseName"] in self.failing_cases else "Succeeded"

    def do_GetServiceTestTask(self, p: dict[str, Any]) -> dict[str, Any]:
        task = self._task(str(p.get("TaskId")))
        if task["Status"] == "Running":
            task["reads"] += 1
            if task["reads"] > self.settle_reads:
                outcomes = [self._outcome(c) for c in task["cases"]]
                task["Status"] = "Failed" if "Failed" in outcomes else "Succeeded"
        done = task["Status"] != "Running"
        return {
            "TaskName": task["TaskName"],
            "TaskRegionId": task["TaskRegionId"],
            "Status": task["Status"],
            "ExecutionDetails": [
                {
                    "CaseName": c["TestCaseName"],
                    "SubTaskId": f"{task['TaskId']}-{i}",
                    "Status": self._outcome(c) if done else "Running",
                    "ExecutionReport": (
                        "stack CREATE_FAILED: WaitCondition timed out"
                        if done and self._outcome(c) == "Failed"
                        else ("stack CREATE_COMPLETE" if done else "")
                    ),
                }
                for i, c in enumerate(task["cases"])
            ],
        }

    def do_ListServiceTestTaskLogs(self, p: dict[str, Any]) -> dict[str, Any]:
        task = self._task(str(p.get("TaskId")))
        logs = [
            {"Timestamp": f"2026-01-01T00:0{i}Z", "Content": f"case {c['TestCaseName']}: deploying"}
            for i, c in enumerate(task["cases"])
        ]
        if task["Status"] != "Running":
            logs += [
                {
                    "Timestamp": "2026-01-01T00:09Z",
                    "Content": f"case {c['TestCaseName']}: {self._outcome(c)}",
                }
                for c in task["cases"]
            ]
        return self._page(p, logs, "TaskLogs")

    def do_ListServiceTestTasks(self, p: dict[str, Any]) -> dict[str, Any]:
        key = (str(p.get("ServiceId")), str(p.get("ServiceVersion")))
        tasks = [
            {k: t[k] for k in ("TaskId", "TaskName", "TaskRegionId", "Status", "CreateTime")}
            for t in self.test_tasks.values()
            if t["version"] == key
        ]
        return self._page(p, tasks, "ServiceTestTasks")

    def do_GetUploadCredentials(self, p: dict[str, Any]) -> dict[str, Any]:
        name = str(p.get("FileName") or "")
        if not name or "/" in name:
            return {
                "Success": False,
                "Code": "InvalidParameter.FileName",
                "Message": "bad file name",
            }
        key_id = f"STS.{self._id('key')}"
        self.sts[key_id] = (f"sts-secret-{key_id}", f"sts-token-{key_id}")
        return {
            "Success": True,
            "Data": {
                "AccessKeyId": key_id,
                "AccessKeySecret": self.sts[key_id][0],
                "SecurityToken": self.sts[key_id][1],
                "BucketName": "service-private-bucket",
                "Key": f"{self.uid}/files/{name}",
                "RegionId": self.region,
                "ExpireDate": "2099-01-01T00:00:00Z",
            },
        }

    def do_GetArtifactRepositoryCredentials(self, p: dict[str, Any]) -> dict[str, Any]:
        self._check_region(p)
        return {
            "Credentials": {"Username": self.registry_user, "Password": self.registry_password},
            "AvailableResources": [
                {
                    "RepositoryName": "computenest",
                    "RegionId": self.region,
                    "Path": self.registry_path,
                }
            ],
            "ExpireDate": "2099-01-01T00:00:00Z",
        }

    def do_ListAcrImageRepositories(self, p: dict[str, Any]) -> dict[str, Any]:
        name = str(p.get("RepoName"))
        if self.registry_check is not None and not self.registry_check(name):
            return {"Repositories": [], "TotalCount": 0}
        repo_id = "crr-" + hashlib.sha256(name.encode()).hexdigest()[:12]
        self.repos[repo_id] = name
        return {
            "Repositories": [
                {
                    "RepoName": name,
                    "RepoId": repo_id,
                    "RepoType": p.get("ArtifactType") or "HelmChart",
                    "Namespace": "computenest",
                }
            ],
            "TotalCount": 1,
        }

    def do_ListAcrImageTags(self, p: dict[str, Any]) -> dict[str, Any]:
        name = self.repos.get(str(p.get("RepoId")))
        if name is None:
            raise ApiError(400, "EntityNotExist.Repo", f"no repository {p.get('RepoId')}")
        tags = (self.registry_tags(name) if self.registry_tags else None) or []
        return self._page(p, [{"Tag": t, "ImageSize": 0} for t in sorted(tags)], "Images")

    def _artifact_property(self, p: dict[str, Any]) -> dict[str, Any]:
        prop = json.loads(p.get("ArtifactProperty") or "{}")
        kind = p.get("ArtifactType")
        if kind in ("HelmChart", "AcrImage") and not prop.get("RepoId"):
            raise ApiError(400, "InvalidParameter.ArtifactProperty", "RepoId is required")
        if kind == "File" and self.object_of(str(prop.get("Url"))) is None:
            raise ApiError(400, "InvalidParameter.ArtifactProperty", "the file cannot be read")
        if kind == "EcsImage" and not (prop.get("ImageId") and prop.get("RegionId")):
            raise ApiError(400, "InvalidParameter.ArtifactProperty", "ImageId is required")
        if kind == "Script" and not prop.get("ScriptMetadata"):
            raise ApiError(400, "InvalidParameter.ArtifactProperty", "ScriptMetadata is required")
        return prop

    def do_CreateArtifact(self, p: dict[str, Any]) -> dict[str, Any]:
        """A new artifact, or a new version of one: always the draft (as computenest-cli sees
        it). A second draft is refused with EntityAlreadyExist.DraftArtifact (its error code in
        computenest-cli); the message text is a guess."""
        artifact_id = p.get("ArtifactId")
        if artifact_id:
            artifact = self._artifact(p)
            if DRAFT in artifact["versions"]:
                raise ApiError(
                    400, "EntityAlreadyExist.DraftArtifact", "The draft artifact already exists."
                )
            p = {**p, "ArtifactType": p.get("ArtifactType") or artifact["ArtifactType"]}
        prop = self._artifact_property(p)
        if not artifact_id:
            artifact_id = self._id("artifact")
            artifact = {
                "ArtifactId": artifact_id,
                "Name": p.get("Name"),
                "ArtifactType": p.get("ArtifactType"),
                "versions": {},
                "released": 0,
            }
            self.artifacts[artifact_id] = artifact
        artifact["versions"][DRAFT] = {
            "ArtifactId": artifact_id,
            "ArtifactVersion": DRAFT,
            "Status": "Created",
            "VersionName": p.get("VersionName"),
            "ArtifactType": artifact["ArtifactType"],
            "ArtifactProperty": json.dumps(prop),
            "SupportRegionIds": json.dumps(p.get("SupportRegionIds") or []),
            "reads": 0,
        }
        return self._version_view(artifact["versions"][DRAFT])

    def do_UpdateArtifact(self, p: dict[str, Any]) -> dict[str, Any]:
        """Change the draft (only a Created draft can change; the code is a guess)."""
        artifact = self._artifact(p)
        draft = artifact["versions"].get(DRAFT)
        if draft is None or draft["Status"] != "Created":
            raise ApiError(400, "OperationDenied.ArtifactStatus", "no draft to update")
        prop = self._artifact_property({**p, "ArtifactType": artifact["ArtifactType"]})
        draft.update(
            VersionName=p.get("VersionName") or draft["VersionName"],
            ArtifactProperty=json.dumps(prop),
            SupportRegionIds=json.dumps(p.get("SupportRegionIds") or []),
        )
        return self._version_view(draft)

    def _page(self, p: dict[str, Any], items: list[dict[str, Any]], key: str) -> dict[str, Any]:
        size = min(int(p.get("MaxResults") or 10), self.page_size)
        start = int(p.get("NextToken") or 0)
        page: dict[str, Any] = {key: items[start : start + size], "TotalCount": len(items)}
        if start + size < len(items):
            page["NextToken"] = str(start + size)
        return page

    @staticmethod
    def _version_view(version: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in version.items() if k != "reads"}

    def _artifact(self, p: dict[str, Any]) -> dict[str, Any]:
        artifact = self.artifacts.get(str(p.get("ArtifactId")))
        if artifact is None:
            raise ApiError(400, "EntityNotExist.Artifact", f"no artifact {p.get('ArtifactId')}")
        return artifact

    def do_ListArtifacts(self, p: dict[str, Any]) -> dict[str, Any]:
        names = [
            v
            for f in p.get("Filter") or []
            if f.get("Name") == "Name"
            for v in f.get("Values") or []
        ]
        found = [a for a in self.artifacts.values() if not names or a["Name"] in names]
        return self._page(
            p,
            [
                {
                    "ArtifactId": a["ArtifactId"],
                    "Name": a["Name"],
                    "ArtifactType": a["ArtifactType"],
                    "MaxVersion": len(a["versions"]),
                }
                for a in found
            ],
            "Artifacts",
        )

    def do_ListArtifactVersions(self, p: dict[str, Any]) -> dict[str, Any]:
        versions = [self._version_view(v) for v in self._artifact(p)["versions"].values()]
        return self._page(p, versions, "Artifacts")

    def do_ReleaseArtifact(self, p: dict[str, Any]) -> dict[str, Any]:
        """The draft becomes the next numbered version (Scanning); the draft is gone after.

        The answer names the new version (guess: the docs' example shows ``draft``; set
        ``release_answer_draft`` to answer like that)."""
        artifact = self._artifact(p)
        draft = artifact["versions"].get(DRAFT)
        if draft is None or draft["Status"] != "Created":
            raise ApiError(400, "OperationDenied.ArtifactStatus", "there is no draft to release")
        artifact["released"] += 1
        number = str(artifact["released"])
        released = {**artifact["versions"].pop(DRAFT), "ArtifactVersion": number}
        released.update(Status="Scanning", reads=0)
        artifact["versions"][number] = released
        view = self._version_view(released)
        return {**view, "ArtifactVersion": DRAFT} if self.release_answer_draft else view

    def do_GetArtifact(self, p: dict[str, Any]) -> dict[str, Any]:
        artifact = self._artifact(p)
        version = artifact["versions"].get(str(p.get("ArtifactVersion")))
        if version is None:
            raise ApiError(
                404, "EntityNotExist.ArtifactVersion", "The artifact version does not exist."
            )
        scanned = "Delivering" if self.scan_result == "Available" else self.scan_result
        self._advance(version, {"Scanning": scanned, "Delivering": "Available"})
        if version["Status"] == "ScanFailed":
            version["StatusDetail"] = "security scan found critical vulnerabilities"
        return {**self._version_view(version), "Name": artifact["Name"]}

    def do_ListResourceTypes(self, p: dict[str, Any]) -> dict[str, Any]:
        entity = p.get("EntityType", "Resource")
        names = [n for n, (kind, _) in self.resource_types.items() if entity in (kind, "All")]
        return {"ResourceTypes": sorted(names)}

    def do_GetResourceType(self, p: dict[str, Any]) -> dict[str, Any]:
        found = self.resource_types.get(p.get("ResourceType", ""))
        if found is None:
            raise ApiError(404, "ResourceTypeNotFound", f"{p.get('ResourceType')} not found")
        return {"ResourceType": p["ResourceType"], **found[1]}

    def do_ValidateTemplate(self, p: dict[str, Any]) -> dict[str, Any]:
        template = self._template(p)
        for name, resource in (template.get("Resources") or {}).items():
            kind = resource.get("Type") if isinstance(resource, dict) else None
            if kind in self.unknown_resource_types:
                raise ApiError(
                    400,
                    "InvalidTemplate",
                    f"Template format error: Unknown resource Type : {kind} (resource {name})",
                )
        return {
            "Parameters": [{"ParameterKey": k} for k in template.get("Parameters") or {}],
            "Resources": [
                {"LogicalResourceIdPattern": k, "ResourceType": v.get("Type")}
                for k, v in (template.get("Resources") or {}).items()
            ],
        }

    def do_GetTemplateEstimateCost(self, p: dict[str, Any]) -> dict[str, Any]:
        template = self._template(p)
        return {
            "Resources": {
                k: {
                    "Type": v.get("Type"),
                    "Result": {"Order": {"Currency": "CNY", "TradeAmount": 1.25}},
                }
                for k, v in (template.get("Resources") or {}).items()
            }
        }

    @staticmethod
    def _template(p: dict[str, Any]) -> dict[str, Any]:
        try:
            template = _loose_yaml(str(p.get("TemplateBody") or ""))
        except yaml.YAMLError:
            template = None
        if not isinstance(template, dict) or "ROSTemplateFormatVersion" not in template:
            raise ApiError(
                400,
                "InvalidTemplate",
                "Template format error: ROSTemplateFormatVersion is required",
            )
        return template


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _headers(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for key, value in self.headers.items():
            found.setdefault(key.lower(), []).append(value)
        return found

    def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":  # a HEAD answer has headers only
            self.wfile.write(body)

    def _handle(self) -> None:
        cloud = self.server.cloud
        body = self._body()
        headers = self._headers()
        path, _, query = self.path.partition("?")
        action = (headers.get("x-acs-action") or [""])[0]
        kind = "api" if action else "oss"
        params = unflatten(urllib.parse.parse_qsl(query, keep_blank_values=True))
        if action and body:
            params.update(unflatten(urllib.parse.parse_qsl(body.decode(), keep_blank_values=True)))
        with cloud.lock:
            entry = Entry(len(cloud.journal), kind, action or f"{self.command} {path}", params)
            cloud.journal.append(entry)
            entry.fault = cloud.faults.pop(entry.index, None) or cloud.action_faults.pop(
                entry.action, None
            )
        time.sleep(cloud.latency)
        if entry.fault in ("drop", "throttle", "500", "400"):
            if entry.fault == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._fail(
                entry,
                kind,
                *{
                    "throttle": (
                        400 if kind == "api" else 503,
                        "Throttling.User",
                        "Request was denied due to user flow control.",
                    ),
                    "500": (500, "InternalError", "The request processing has failed."),
                    "400": (400, "InvalidParameter", "injected permanent failure"),
                }[entry.fault],
            )
            return
        if entry.fault == "timeout":
            time.sleep(cloud.timeout_sleep)
        try:
            if kind == "api":
                cloud.verify_acs3(self.command, query, headers, body)
                result = cloud.api(action, params)
                status, out = 200, json.dumps({"RequestId": f"req-{entry.index}", **result})
                reply_headers = {"Content-Type": "application/json"}
                payload = out.encode()
            else:
                status, reply_headers, payload = cloud.oss(self.command, path, headers, body)
                reply_headers["x-oss-request-id"] = f"oss-{entry.index}"
        except ApiError as exc:
            self._fail(entry, kind, exc.status, exc.code, exc.message)
            return
        entry.status = status
        if entry.fault == "drop-after":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self._reply(status, payload, reply_headers)

    def _fail(self, entry: Entry, kind: str, status: int, code: str, message: str) -> None:
        entry.status = status
        if kind == "api":
            body = json.dumps(
                {
                    "RequestId": f"req-{entry.index}",
                    "Code": code,
                    "Message": message,
                    "HostId": "fake",
                }
            ).encode()
            headers = {"Content-Type": "application/json"}
        else:
            body = (
                f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
                f"<Message>{message}</Message><RequestId>oss-{entry.index}</RequestId>"
                "</Error>"
            ).encode()
            headers = {"Content-Type": "application/xml", "x-oss-request-id": f"oss-{entry.index}"}
        self._reply(status, body, headers)

    do_POST = do_PUT = do_GET = do_HEAD = _handle


class Server(ThreadingHTTPServer):
    """The fake on a free port of 127.0.0.1, served from a daemon thread."""

    daemon_threads = True

    def __init__(self, cloud: FakeCloud) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.cloud = cloud
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
