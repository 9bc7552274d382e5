"""Plain values about a person, shared by the referral schema and the models. Pure."""

from enum import StrEnum


class Gender(StrEnum):
    """The gender recorded on a referral, as the official statistics publish it."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
