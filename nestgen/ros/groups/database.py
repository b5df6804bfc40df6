"""A managed database for ECS services: ``ALIYUN::RDS::DBInstance`` (MySQL or PostgreSQL).

The instance lives in the network group's vSwitch and zone, is billed like the instances
(billing group) and allows only the application instances' private addresses; an
``ALIYUN::RDS::Account`` (``DBUser`` / NoEcho ``DBPassword``), an ``ALIYUN::RDS::Database``
(``DBName``) and a read-write ``ALIYUN::RDS::AccountPrivilege`` follow the published
WordPress service's pattern.  Start-up ``env``
values can read its address: ``{Fn::GetAtt: [Database, InnerConnectionString]}``.
"""

from __future__ import annotations

from typing import Any

from nestgen.ros.groups import billing
from nestgen.ros.groups.base import INSTANCES_RESOURCE, BuildContext, Group, get_att, ref, text
from nestgen.ros.groups.network import vpc_attribute
from nestgen.ros.groups.password import three_of_four_pattern
from nestgen.ros.model import Output, Parameter, Template

LABEL = text("Database (RDS)", "数据库（RDS）")
DATABASE_RESOURCE = "Database"
ACCOUNT_RESOURCE = "DatabaseAccount"
SCHEMA_RESOURCE = "DatabaseSchema"
PRIVILEGE_RESOURCE = "DatabaseAccountPrivilege"
# RDS account passwords (ALIYUN::RDS::Account): 8-32, three classes, these specials only
RDS_SPECIALS = "!@#$&%^*()_+-="
RDS_PASSWORD = three_of_four_pattern(r"[!@#$&%^*()_+=-]", 8, 32)
RDS_RULE = text(
    f"8 to 32 characters, with at least three of: upper-case letters, lower-case letters,"
    f" digits and special characters {RDS_SPECIALS}",
    f"长度 8～32 个字符，必须包含大写字母、小写字母、数字和特殊字符 {RDS_SPECIALS} 中的至少三项",
)
ENGINES = {  # engine -> (default version, character set, default class)
    "MySQL": ("8.0", "utf8mb4", "mysql.n2.medium.1"),
    "PostgreSQL": ("16.0", "UTF8", "pg.n2.medium.1"),
}
NAME_PATTERN = "^[a-z][a-z0-9_]{1,30}[a-z0-9]$"
NAME_RULE = text(
    "2 to 32 lower-case letters, digits or underscores, starting with a letter.",
    "2～32 个小写字母、数字或下划线，以字母开头。",
)


def _instance_class(engine: str, version: str, default: str, storage_type: str) -> Parameter:
    metadata = {
        "ZoneId": "${ZoneId}",
        "Engine": engine,
        "EngineVersion": version,
        "Category": "Basic",
        "DBInstanceStorageType": storage_type,
    }
    return Parameter(
        name="DBInstanceClass",
        type="String",
        label=text("Database instance class", "数据库实例规格"),
        description=text(
            "The RDS instance class; the list shows the classes sold in the chosen zone.",
            "RDS 实例规格；列表只显示所选可用区可购买的规格。",
        ),
        default=default,
        required=True,
        association="ALIYUN::RDS::Instance::InstanceType",
        metadata=metadata,
    )


def _storage(default: int) -> Parameter:
    return Parameter(
        name="DBInstanceStorage",
        type="Number",
        label=text("Database storage (GB)", "数据库存储空间（GB）"),
        default=default,
        min_value=20,
        max_value=6000,
    )


def _name(name: str, label: Any, default: str) -> Parameter:
    return Parameter(
        name=name,
        type="String",
        label=label,
        default=default,
        allowed_pattern=NAME_PATTERN,
        constraint=NAME_RULE,
        required=True,
    )


def _password() -> Parameter:
    return Parameter(
        name="DBPassword",
        type="String",
        label=text("Database password", "数据库密码"),
        description=text(
            f"The password of DBUser. {RDS_RULE.en}.", f"DBUser 的密码。{RDS_RULE.zh}。"
        ),
        allowed_pattern=RDS_PASSWORD,
        min_length=8,
        max_length=32,
        no_echo=True,
        confirm=True,
        constraint=RDS_RULE,
        required=True,
        association="ALIYUN::RDS::Instance::AccountPassword",
    )


def _database(template: Template, options: dict[str, Any]) -> dict[str, Any]:
    engine = options.get("engine", "MySQL")
    version = ENGINES[engine][0]
    properties: dict[str, Any] = {
        "Engine": engine,
        "EngineVersion": options.get("engine_version", version),
        "DBInstanceClass": ref("DBInstanceClass"),
        "DBInstanceStorage": ref("DBInstanceStorage"),
        "DBInstanceStorageType": options.get("storage_type", "cloud_essd"),
        "Category": "Basic",
        "ZoneId": ref("ZoneId"),
        "VpcId": vpc_attribute("VpcId"),
        "VSwitchId": vpc_attribute("VSwitchId"),
        "DBInstanceNetType": "Intranet",
        "SecurityIPList": {"Fn::Join": [",", get_att(INSTANCES_RESOURCE, "PrivateIps")]},
    }
    if "PayType" in template.parameters:
        properties["PayType"] = ref("PayType")
        properties["PeriodType"] = ref("PayPeriodUnit")
        properties["Period"] = billing.period()
    return {"Type": "ALIYUN::RDS::DBInstance", "Properties": properties}


def _account_and_schema(charset: str) -> dict[str, dict[str, Any]]:
    """The account, the database and the account's read-write privilege on it."""
    instance = ref(DATABASE_RESOURCE)
    return {
        ACCOUNT_RESOURCE: {
            "Type": "ALIYUN::RDS::Account",
            "Properties": {
                "DBInstanceId": instance,
                "AccountName": ref("DBUser"),
                "AccountPassword": ref("DBPassword"),
                "AccountType": "Normal",
            },
        },
        SCHEMA_RESOURCE: {
            "Type": "ALIYUN::RDS::Database",
            "Properties": {
                "DBInstanceId": instance,
                "DBName": ref("DBName"),
                "CharacterSetName": charset,
            },
        },
        PRIVILEGE_RESOURCE: {
            "Type": "ALIYUN::RDS::AccountPrivilege",
            "DependsOn": [SCHEMA_RESOURCE],
            "Properties": {
                "DBInstanceId": instance,
                "AccountName": ref(ACCOUNT_RESOURCE),
                "DBName": ref("DBName"),
                "AccountPrivilege": "ReadWrite",
            },
        },
    }


def apply(template: Template, context: BuildContext, options: dict[str, Any]) -> None:
    """The database parameters, the RDS instance and its address output."""
    engine = options.get("engine", "MySQL")
    version = options.get("engine_version", ENGINES[engine][0])
    default_class = options.get("instance_class", ENGINES[engine][2])
    storage_type = options.get("storage_type", "cloud_essd")
    parameters = [
        _instance_class(engine, version, default_class, storage_type),
        _storage(options.get("storage", 40)),
        _name("DBName", text("Database name", "数据库名称"), options.get("database", "app")),
        _name("DBUser", text("Database account", "数据库账号"), options.get("user", "app_user")),
        _password(),
    ]
    template.add_group(LABEL, parameters)
    template.add_resource(DATABASE_RESOURCE, _database(template, options))
    for name, body in _account_and_schema(ENGINES[engine][1]).items():
        template.add_resource(name, body)
    template.add_output(
        Output(
            "DatabaseAddress",
            text("Internal address of the database (host:port)", "数据库内网地址（主机:端口）"),
            {
                "Fn::Join": [
                    ":",
                    [
                        get_att(DATABASE_RESOURCE, "InnerConnectionString"),
                        get_att(DATABASE_RESOURCE, "InnerPort"),
                    ],
                ]
            },
        )
    )


_NAME = {"type": "string", "pattern": NAME_PATTERN}
GROUP = Group(
    name="database",
    label=LABEL,
    apply=apply,
    requires=("ecs",),
    options={
        "engine": {"enum": list(ENGINES)},
        "engine_version": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"},
        "instance_class": {"type": "string", "pattern": "^[a-z]+\\.[a-z0-9.]+$"},
        "storage": {"type": "integer", "minimum": 20, "maximum": 6000},
        "storage_type": {"enum": ["cloud_essd", "cloud_essd2", "cloud_essd3", "cloud_ssd"]},
        "database": _NAME,
        "user": _NAME,
    },
)
