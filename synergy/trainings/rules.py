import rules

from synergy.accounts.rules import (
    coordinates_region_id,
    is_coordinator,
    is_coordinator_of_region,
    is_member,
    is_platform_admin,
)
from synergy.actors.rules import administers_organisation_id

from .models import Registration, Training


@rules.predicate
def coordinates_training_region(user, training) -> bool:
    return training is not None and coordinates_region_id(user, training.region_id)


@rules.predicate
def administers_training_organiser(user, training) -> bool:
    return training is not None and administers_organisation_id(user, training.organiser_id)


@rules.predicate
def is_public(user, training) -> bool:
    return training is not None and training.status != Training.Status.DRAFT


@rules.predicate
def has_confirmed_place(user, training) -> bool:
    if training is None or not user.is_authenticated:
        return False
    return training.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists()


manages_training = is_platform_admin | coordinates_training_region | administers_training_organiser

rules.add_perm("trainings.add_training", is_platform_admin | is_coordinator)
rules.add_perm("trainings.view_training", is_public | manages_training)
rules.add_perm("trainings.change_training", manages_training)
rules.add_perm("trainings.view_participants", manages_training)
rules.add_perm("trainings.register", is_member & is_public)
rules.add_perm("trainings.see_webinar_link", manages_training | has_confirmed_place)
rules.add_perm("trainings.view_region_report", is_platform_admin | is_coordinator_of_region)
rules.add_perm("trainings.view_programme_report", is_platform_admin | is_coordinator)
