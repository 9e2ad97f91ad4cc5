"""The two entities of Koshi's law: a person, and the family that moves together (one head, any members)."""

from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="A person",
    doc="A person who moves, registers a residence, or is party to an employment contract.",
    is_person=True,
)

Family = build_entity(
    key="family",
    plural="families",
    label="A family that relocates together",
    doc=(
        "The family of the model law On internal migration, art. 1(9): the applicant (head) and the spouse, "
        "children and dependants who move with the applicant."
    ),
    roles=[
        {"key": "head", "label": "Applicant (head of family)", "max": 1},
        {"key": "member", "plural": "members", "label": "Family member"},
    ],
)

entities = [Person, Family]
