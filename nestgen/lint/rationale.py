"""Each rule's long rationale: what it catches, why that severity, how to fix it.

Rendered into docs/lint.md's rule reference by :mod:`nestgen.lint.catalogue`, with an
example taken from the rule's bad fixture; a test asserts every registered rule has one
entry here and no entry names a rule that does not exist.  The severity test is the one in
docs/lint.md: an error is what ROS or Compute Nest rejects or what makes a deployment fail,
a warning deploys but misbehaves, info is style.
"""

from __future__ import annotations

from dataclasses import dataclass

ROS_PARAMETERS = "https://help.aliyun.com/en/ros/user-guide/overview-10"


@dataclass(frozen=True)
class Rationale:
    """The long description of one rule (``example`` only for rules with no bad fixture)."""

    catches: str
    severity: str
    fix: str
    link: str = ""
    example: str = ""


_R = Rationale
RATIONALE: dict[str, Rationale] = {
    "E0000": _R(
        "A file that is not YAML: a syntax error, a binary or non-UTF-8 file, or several "
        "documents.",
        "ROS parses the template before anything else; a file it cannot read is rejected whole.",
        "Fix the syntax at the reported line and column (often an indentation or a stray colon).",
    ),
    "W0001": _R(
        "The same key twice in one mapping.",
        "YAML loaders keep one of the two values silently, so the template deploys with one "
        "of them, maybe not the one meant: it misbehaves rather than fails.",
        "Delete or merge the duplicate; both places are named.",
    ),
    "E0002": _R(
        "A mapping key that is empty (`: value` or `null:`).",
        "An entry without a name cannot be referred to, and ROS refuses the template (a "
        "published template with an empty Outputs key does not parse for ROS either).",
        "Give the entry its name, or delete it.",
    ),
    "E0003": _R(
        "An empty file, or one whose top level is not a mapping.",
        "ROS and Compute Nest read only mappings; an empty parameter or config file is refused.",
        "Fill the file, or remove it from the package.",
    ),
    "I0004": _R(
        "Files the linter skips (not YAML, a Jinja source, another kind of file), with why.",
        "Nothing is wrong with them; the note says what was not checked.",
        "Nothing to fix.",
        example=(
            "template.yaml.j2:0:0: info I0004 Jinja source skipped: render it to YAML first, "
            "then lint the result"
        ),
    ),
    "E0005": _R(
        "A rule that crashed on the file, so the file was not fully checked.",
        "An unchecked file cannot be called clean; the build gate must not pass it silently.",
        "Report the bug with the file; meanwhile `--ignore` the named rule to lint the rest.",
        example="template.yaml:0:0: error E0005 rule W9999 crashed: KeyError: 'surprise'",
    ),
    "E1001": _R(
        "A missing or wrong `ROSTemplateFormatVersion`.",
        "ROS accepts only `2015-09-01` and rejects any other template.",
        "Write `ROSTemplateFormatVersion: '2015-09-01'` (an unquoted date is accepted too).",
    ),
    "E1002": _R(
        "A top-level section ROS does not know (a typo such as `Resource:`).",
        "ROS validates the top level and rejects unknown sections.",
        "Rename it to one of the twelve sections, or move it under `Metadata`.",
    ),
    "E1003": _R(
        "A section of the wrong type: a list where a mapping is wanted, a Description that is "
        "not text.",
        "ROS rejects the template at validation.",
        "Give the section the documented shape.",
    ),
    "E1004": _R(
        "A template body over 524,288 bytes.",
        "ROS's CreateStack takes at most 524,288 bytes of TemplateBody and rejects more.",
        "Move large inline scripts to files or OSS, or split the template into nested stacks.",
        example=(
            "template.yaml:1:1: error E1004 template is 600,000 bytes; ROS accepts at most 524,288"
        ),
    ),
    "E1005": _R(
        "More than 300 resources in one template.",
        "ROS rejects a template that declares more resources than its limit.",
        "Split the template into nested stacks (`ALIYUN::ROS::Stack`).",
        example="template.yaml:2:1: error E1005 301 resources; ROS accepts at most 300",
    ),
    "E1006": _R(
        "One name used by two of Parameters, Resources and Locals.",
        "`Ref` could not tell them apart, and ROS rejects the template.",
        "Rename one of them and its references.",
    ),
    "E1007": _R(
        "A resource Type outside the known families (ALIYUN::, DATASOURCE::, MODULE::, Custom::).",
        "ROS rejects a resource of a type it cannot resolve.",
        "Correct the Type (group 8 suggests the closest known type).",
    ),
    "W1008": _R(
        "A key in a resource other than Type, Properties, DependsOn, Condition, "
        "DeletionPolicy, Metadata, Count, Description, Version, UpdatePolicy.",
        "Such a key is not applied: a misspelt `DependOn` deploys, without the ordering.",
        "Fix the spelling, or move the data under `Metadata`.",
    ),
    "E1009": _R(
        "A DeletionPolicy other than Retain or Delete.",
        "ROS rejects other values.",
        "Use `Retain` or `Delete`.",
    ),
    "W1010": _R(
        "A rule id in the template's own ignore list that matches no rule.",
        "It ignores nothing, so the author believes a finding is silenced that is not (or the "
        "other way round after a rename).",
        "Correct the id or prefix; former ids of re-graded rules are still accepted.",
    ),
    "E2001": _R(
        "`Ref` to a name that is no parameter, resource, local or pseudo parameter.",
        "ROS rejects the template: the reference cannot be resolved.",
        "Fix the name (a did-you-mean is given) or declare the parameter.",
    ),
    "E2002": _R(
        "`Fn::GetAtt` on a name that is no resource or local.",
        "ROS rejects the template.",
        "Fix the resource name.",
    ),
    "E2003": _R(
        "`${X}` in `Fn::Sub` that is no variable of the Sub, parameter, resource or local.",
        "ROS cannot resolve the variable and rejects the template.",
        "Fix the name, add it to the Sub's variable map, or write `${!X}` for a literal `${X}`.",
    ),
    "E2004": _R(
        "`Fn::FindInMap` naming a mapping or a literal key that does not exist.",
        "The lookup fails: ROS rejects the template or the stack fails.",
        "Add the key to the mapping or correct the name.",
    ),
    "E2005": _R(
        "`DependsOn` naming something that is not a resource.",
        "ROS rejects the template.",
        "Name an existing resource.",
    ),
    "E2006": _R(
        "A Condition name (on a resource, output or in `Fn::If`) that is not declared.",
        "ROS rejects the template.",
        "Declare the condition under `Conditions` or fix the name.",
    ),
    "E2007": _R(
        "Resources that depend on each other in a cycle (DependsOn, Ref, GetAtt, `${X}`).",
        "ROS cannot order the creation and rejects the template.",
        "Break the cycle: drop a DependsOn or pass the value another way.",
    ),
    "W2008": _R(
        "A parameter that nothing uses.",
        "It deploys, but the console shows a field whose value goes nowhere.",
        "Use the parameter or delete it; UI-only parameters are I2009 instead.",
    ),
    "I2009": _R(
        "Parameters that only drive the form (checkboxes, confirmations, Visible switches).",
        "Deliberate, and harmless: a note, so W2008 does not call them unused.",
        "Nothing to fix.",
    ),
    "I2010": _R(
        "A condition no resource, output or `Fn::If` uses.",
        "Style: dead text, with no effect on the deployment.",
        "Delete it, or use it.",
    ),
    "I2011": _R(
        "A mapping no `Fn::FindInMap` reads.",
        "Style: dead text.",
        "Delete it, or use it.",
    ),
    "W2012": _R(
        "`${Name}` of a parameter or resource in a plain string, outside `Fn::Sub`.",
        "ROS leaves it literal: the stack deploys, with the text `${Name}` where a value was "
        "meant (a command, a URL).",
        "Wrap the string in `Fn::Sub`.",
    ),
    "E2013": _R(
        "An `Fn::` function ROS does not have (a typo such as `Fn::Joinn`).",
        "ROS rejects the template.",
        "Use one of ROS's functions.",
    ),
    "E2014": _R(
        "A function with arguments of the wrong shape (`Fn::Join` without its list, "
        "`Fn::Select` with a text index...).",
        "ROS rejects the template or the function fails at deploy.",
        "Give the arguments the documented shape.",
    ),
    "E3001": _R(
        "A parameter that is not a mapping, has no Type, or has a Type ROS does not know.",
        "ROS rejects the template.",
        "Use String, Number, CommaDelimitedList, Json, Boolean or one of the OOS types.",
        link=ROS_PARAMETERS,
    ),
    "W3002": _R(
        "A parameter property ROS does not know (a typo such as `AllowedValue`).",
        "It is ignored: the template deploys, without the constraint or label meant.",
        "Fix the spelling.",
        link=ROS_PARAMETERS,
    ),
    "E3003": _R(
        "A Default that is not among the parameter's AllowedValues (each item of a list).",
        "ROS checks a Default against its own constraints and rejects the template.",
        "Make the Default one of the AllowedValues, or add it to them.",
        link=ROS_PARAMETERS,
    ),
    "E3004": _R(
        "A Default that does not match the AllowedPattern (searched in the value, as ROS does).",
        "ROS rejects the template.",
        "Fix the Default or the pattern.",
        link=ROS_PARAMETERS,
    ),
    "E3005": _R(
        "A String Default outside MinLength/MaxLength, or a Number Default outside "
        "MinValue/MaxValue.",
        "ROS rejects the template.",
        "Fix the Default or the bound.",
        link=ROS_PARAMETERS,
    ),
    "E3006": _R(
        "A Default not of the parameter's Type: text for a Number, `yes` for a Boolean, a "
        "mapping for a String, text that is no JSON object or array for a Json.",
        "ROS rejects the template. The reading is the one `nestgen params` uses "
        "(nestgen/rosvalues.py), so the two agree on every Default.",
        "Write the Default in the Type's form.",
        link=ROS_PARAMETERS,
    ),
    "E3007": _R(
        "MinLength greater than MaxLength, or MinValue greater than MaxValue.",
        "No value can satisfy both: every deployment is refused.",
        "Swap or correct the bounds.",
    ),
    "E3008": _R(
        "An AllowedPattern that is not a regular expression (`\\p{..}` classes, which ROS knows "
        "and Python does not, are left alone).",
        "No value can be checked against it: ROS rejects the template or every value.",
        "Fix the expression.",
    ),
    "W3009": _R(
        "A NoEcho parameter with a literal Default, whatever the spelling of NoEcho.",
        "It deploys, but the secret is committed and shared by every deployment.",
        "Remove the Default (`Default: null` keeps the field optional).",
    ),
    "W3010": _R(
        "A password-like parameter name (password, secret, token...) without NoEcho.",
        "It deploys, but the console shows the value in clear and ROS returns it.",
        "Add `NoEcho: true` (and `Confirm: true` for a password).",
    ),
    "W3011": _R(
        "An output that reveals a NoEcho parameter (Ref or `${X}`).",
        "It deploys, but the stack's outputs show the secret to anyone who can read the stack.",
        "Do not output the secret; output where to find it instead.",
    ),
    "E3012": _R(
        "An AllowedPattern on an OOS parameter type.",
        "ROS documents that the OOS types take no AllowedPattern and rejects it.",
        "Remove the pattern.",
        link=ROS_PARAMETERS,
    ),
    "W3013": _R(
        "Confirm on a parameter that is not NoEcho.",
        "Confirm does nothing without NoEcho: the author expects a confirmation field that "
        "the console does not show.",
        "Add NoEcho, or remove Confirm.",
    ),
    "W4001": _R(
        "A non-canonical AssociationProperty spelling, such as `ALIYUN::ECS::Instance:ZoneId` "
        "(one colon).",
        "The console still accepts it (about 120 published parameters use it), but the "
        "canonical form is the documented one.",
        "Write `ALIYUN::ECS::Instance::ZoneId`.",
    ),
    "W4002": _R(
        "`${X}` in AssociationPropertyMetadata naming no parameter (`RegionId` is filled by the "
        "console).",
        "The console ignores it: the template deploys, but the filter (zone, VPC...) the author "
        "meant does nothing.",
        "Name an existing parameter (a did-you-mean is given).",
    ),
    "W4003": _R(
        "A Visible condition using a function other than Fn::Equals/Not/And/Or.",
        "The console knows only these four: the field's visibility is not what was meant.",
        "Rewrite the condition with the four functions.",
    ),
    "W4004": _R(
        "A Visible or Condition `Fn::Equals` comparing a parameter with a value outside its "
        "AllowedValues.",
        "The comparison never holds: a field is never shown, or a branch never taken.",
        "Compare with one of the AllowedValues.",
    ),
    "W4005": _R(
        "ValueLabelMapping labels for values outside AllowedValues.",
        "Those labels are never shown.",
        "Label only AllowedValues.",
    ),
    "W4006": _R(
        "A ParameterGroups entry that is not a parameter.",
        "The console skips it: it deploys, but the form lacks the field the author grouped.",
        "Fix the name or remove it.",
    ),
    "W4007": _R(
        "Parameters in no group while others are grouped.",
        "The console may not show an ungrouped parameter, so its Default is used silently.",
        "Put every parameter in a group.",
    ),
    "W4008": _R(
        "A parameter in more than one group.",
        "The console shows the field twice.",
        "Keep it in one group.",
    ),
    "W4009": _R(
        "Interface `Hidden` naming something that is not a parameter.",
        "It hides nothing.",
        "Fix the name.",
    ),
    "W4010": _R(
        "A console text missing a configured locale (policy partial/strict/off).",
        "It deploys; users of that language see the other one.",
        "Add the locale, or set `locale-policy`.",
    ),
    "W4011": _R(
        "Chinese text under the `en` key (swapped or untranslated locales).",
        "It deploys; English users read Chinese.",
        "Swap or translate the texts.",
    ),
    "E5001": _R(
        "An output that is not a mapping or has no Value.",
        "ROS rejects the template.",
        "Give the output a Value.",
    ),
    "W5002": _R(
        "An output key other than Value, Description, Condition, Label, NoEcho.",
        "It is ignored.",
        "Fix the spelling or remove it.",
    ),
    "W5003": _R(
        "Interface Outputs order naming an undeclared output.",
        "The console skips the name.",
        "Fix the name.",
    ),
    "E6001": _R(
        "A `{{ computenest::... }}` placeholder the service config does not declare.",
        "Compute Nest never fills it: ROS receives the literal text and the deployment fails.",
        "Declare the artifact (or the helm chart) in config.yaml, or fix the placeholder.",
    ),
    "W6002": _R(
        "An artifact relation in config.yaml that no template uses.",
        "It is published for nothing; the service works.",
        "Use it in a template or remove it.",
    ),
    "E6003": _R(
        "A TemplateConfigs Url naming a file that does not exist.",
        "The service cannot be built or published.",
        "Fix the path (relative to config.yaml).",
    ),
    "W6004": _R(
        "ModifyParametersConfig naming a parameter the template lacks.",
        "The service publishes, but that change operation fails when a user runs it.",
        "Fix the parameter name.",
    ),
    "E6005": _R(
        "AllowedRegions outside the artifacts' SupportRegionIds.",
        "A deployment in such a region fails: the artifact is not there.",
        "Narrow AllowedRegions or distribute the artifact to those regions.",
    ),
    "W6006": _R(
        "AllowedRegions or SupportRegionIds naming no known region.",
        "A typo that makes the region unavailable for deployment.",
        "Use a region id from ROS's region list.",
    ),
    "E6007": _R(
        "An artifact relation's `${Artifact.X.ArtifactId}` / `${Artifact.X.ArtifactVersion}` that "
        "names no artifact of the config's Artifact section, or is not of that form.",
        "Compute Nest substitutes only declared artifacts: the literal text reaches it as an "
        "artifact id and the service cannot be published or deployed.",
        "Name an artifact of the Artifact section, with `ArtifactId` or `ArtifactVersion`.",
    ),
    "E7001": _R(
        "A config.yaml value of the wrong type for the Compute Nest service schema.",
        "CreateService rejects it.",
        "Give the value the schema's type.",
    ),
    "W7002": _R(
        "A config.yaml key the service schema does not know.",
        "It is ignored by Compute Nest.",
        "Fix the spelling or remove it.",
    ),
    "E8001": _R(
        "An ALIYUN:: or DATASOURCE:: type the ROS resource spec does not have.",
        "ROS rejects a template with a type it does not know.",
        "Fix the type (did-you-mean); refresh the spec with `--update-spec` if ROS added it.",
    ),
    "I8002": _R(
        "A MODULE:: type the spec does not describe.",
        "Nothing is known to be wrong; the note says its properties were not checked.",
        "Nothing to fix.",
    ),
    "E8003": _R(
        "A property (or nested key) the resource type does not have.",
        "ROS validates properties against the type and rejects unknown ones.",
        "Fix the name (did-you-mean).",
    ),
    "E8004": _R(
        "A required property (or nested key) that is missing.",
        "ROS rejects the resource.",
        "Add the property.",
    ),
    "E8005": _R(
        "A value of the wrong shape: a list where one value is wanted, a mapping for a list; "
        "each Fn::If branch is checked in place.",
        "ROS rejects the value, or the resource fails to create.",
        "Give the value the shape the type takes.",
    ),
    "E8006": _R(
        "A literal outside the type's allowed values, range, length or pattern.",
        "ROS (or the cloud API behind it) rejects it and the resource fails.",
        "Use an allowed value.",
    ),
    "E8007": _R(
        "`Fn::GetAtt` of an attribute the resource type does not have.",
        "ROS fails to resolve it.",
        "Fix the attribute name (did-you-mean).",
    ),
    "W8008": _R(
        "A property only an older ROS release documented, or a known property spelt "
        "otherwise (`VPCId` for `VpcId`).",
        "ROS accepts them (its own reference lists the legacy SLB billing names; published "
        "templates that deploy use each one), but may ignore them: a warning, with the "
        "evidence in this document's group 8 section.",
        "Use the current property.",
    ),
    "W8009": _R(
        "A Compute Nest module property or attribute no published template uses.",
        "Probably a typo, but the modules' own spec is not public, so the list is what is "
        "known rather than all the module takes: a warning.",
        "Fix the name (did-you-mean), or ignore the rule if the module takes it.",
    ),
}
