from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("legal/", views.tracker, name="tracker"),
    # Child-scoped, through `person_record`.
    path("people/<int:person_id>/legal/", views.child, name="child"),
    path("people/<int:person_id>/legal/meeting/", views.meeting_new, name="meeting_new"),
    path("people/<int:person_id>/legal/pre-proceedings/steps/", views.steps, name="steps"),
    path("people/<int:person_id>/legal/pre-proceedings/review/", views.review_new, name="review_new"),
    path("people/<int:person_id>/legal/pre-proceedings/end/", views.pre_proceedings_end, name="pp_end"),
    path("people/<int:person_id>/legal/proceedings/", views.issue, name="issue"),
    path("people/<int:person_id>/legal/proceedings/hearing/", views.hearing_new, name="hearing_new"),
    path(
        "people/<int:person_id>/legal/proceedings/interim-order/",
        views.interim_order_new,
        name="interim_order",
    ),
    path("people/<int:person_id>/legal/proceedings/final-order/", views.final_order, name="final_order"),
]
