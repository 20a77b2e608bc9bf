/**
 * The providers' own words on the sign-in forms (the labels and help of the connectors' manifests, which know no
 * language) in the other languages, by their English text, as gettext does. A manifest text without a translation
 * shows in English; test/ui/i18n.test.ts fails when one is missing, so a new provider comes with its translations.
 */
export const PROVIDER_TEXTS: Readonly<Record<'de' | 'fr' | 'es', Readonly<Record<string, string>>>> = {
  de: {
    'In Mailchimp, open your profile → Extras → API keys, click "Create A Key" and copy all of it (it ends with your data center, such as -us21).':
      'Öffnen Sie in Mailchimp Ihr Profil → Extras → API keys, klicken Sie auf „Create A Key“ und kopieren Sie ihn vollständig (er endet mit Ihrem Rechenzentrum, etwa -us21).',
    'In Asana, open the developer console (My settings → Apps → Developer apps), click "Create new token" under Personal access tokens and copy it.':
      'Öffnen Sie in Asana die Entwicklerkonsole (My settings → Apps → Developer apps), klicken Sie unter Personal access tokens auf „Create new token“ und kopieren Sie es.',
    'Personal access token': 'Persönliches Zugriffstoken',
    'In Typeform, open your account settings → Personal tokens, click "Generate a new token" (with read access to forms, responses and your account) and copy it.':
      'Öffnen Sie in Typeform Ihre Kontoeinstellungen → Personal tokens, klicken Sie auf „Generate a new token“ (mit Lesezugriff auf Formulare, Antworten und Ihr Konto) und kopieren Sie es.',
    'In Todoist, open Settings → Integrations → Developer and copy your API token.':
      'Öffnen Sie in Todoist Einstellungen → Integrationen → Entwickler und kopieren Sie Ihr API-Token.',
    'In Zendesk, open Admin Center → Apps and integrations → APIs → Zendesk API, turn on token access, click "Add API token" and copy it.':
      'Öffnen Sie in Zendesk Admin Center → Apps and integrations → APIs → Zendesk API, schalten Sie den Token-Zugriff ein, klicken Sie auf „Add API token“ und kopieren Sie es.',
    'Zendesk subdomain': 'Zendesk-Subdomain',
    'The first part of your Zendesk address: "yourcompany" for https://yourcompany.zendesk.com.':
      'Der erste Teil Ihrer Zendesk-Adresse: „yourcompany“ für https://yourcompany.zendesk.com.',
    'Your Zendesk e-mail': 'Ihre Zendesk-E-Mail-Adresse',
    'The e-mail address you sign in to Zendesk with (an agent or an admin).':
      'Die E-Mail-Adresse, mit der Sie sich bei Zendesk anmelden (als Agent oder Admin).',
    'API token': 'API-Token',
    'In Pipedrive, open Settings → Personal preferences → API and copy your personal API token.':
      'Öffnen Sie in Pipedrive Settings → Personal preferences → API und kopieren Sie Ihr persönliches API-Token.',
    'API key': 'API-Schlüssel',
    'In Freshsales, open Personal settings → API Settings and copy your API key.':
      'Öffnen Sie in Freshsales Personal settings → API Settings und kopieren Sie Ihren API-Schlüssel.',
    'Freshsales domain': 'Freshsales-Domain',
    'In Freshsales, open Personal settings → API Settings: the bundle alias below your API key starts with your domain (e.g. yourcompany.myfreshworks.com).':
      'Öffnen Sie in Freshsales Personal settings → API Settings: Der Bundle-Alias unter Ihrem API-Schlüssel beginnt mit Ihrer Domain (z. B. yourcompany.myfreshworks.com).',
    'In Copper, open System settings → Integrations → API Keys, click "Generate API key" and copy it.':
      'Öffnen Sie in Copper System settings → Integrations → API Keys, klicken Sie auf „Generate API key“ und kopieren Sie ihn.',
    'Your Copper e-mail': 'Ihre Copper-E-Mail-Adresse',
    'The e-mail address you sign in to Copper with: the user who generated the API key.':
      'Die E-Mail-Adresse, mit der Sie sich bei Copper anmelden: die des Benutzers, der den API-Schlüssel erzeugt hat.',
    'Access token': 'Zugriffstoken',
    'In Attio, open Workspace settings → Developers, create an integration and copy its access token (give it read-write access to records, notes and tasks, and read access to objects and users).':
      'Öffnen Sie in Attio Workspace settings → Developers, legen Sie eine Integration an und kopieren Sie ihr Zugriffstoken (mit Lese- und Schreibzugriff auf Datensätze, Notizen und Aufgaben sowie Lesezugriff auf Objekte und Benutzer).',
    'Dynamics 365 environment': 'Dynamics-365-Umgebung',
    'The address of your Dynamics 365 organization, as in your browser when you use it (Power Platform admin center → Environments → Environment URL), without https://.':
      'Die Adresse Ihrer Dynamics-365-Organisation, wie sie im Browser steht, wenn Sie sie verwenden (Power Platform admin center → Environments → Environment URL), ohne https://.',
    'In Close, open Settings → Developer → API Keys, click "+ New API Key" and copy it (it starts with api_).':
      'Öffnen Sie in Close Settings → Developer → API Keys, klicken Sie auf „+ New API Key“ und kopieren Sie ihn (er beginnt mit api_).',
    'Shopify store domain': 'Shopify-Shop-Domain',
    'Your store’s myshopify.com address (Shopify admin → Settings → Domains), without https://.':
      'Die myshopify.com-Adresse Ihres Shops (Shopify admin → Settings → Domains), ohne https://.',
    'Consumer key': 'Consumer Key',
    'In WordPress, open WooCommerce → Settings → Advanced → REST API → Add key, choose Read/Write permissions, click "Generate API key" and copy the consumer key (it starts with ck_).':
      'Öffnen Sie in WordPress WooCommerce → Settings → Advanced → REST API → Add key, wählen Sie die Berechtigung Read/Write, klicken Sie auf „Generate API key“ und kopieren Sie den Consumer Key (er beginnt mit ck_).',
    'Store address': 'Shop-Adresse',
    "Your store's address, as in WordPress → Settings → General → Site Address (it must start with https://).":
      'Die Adresse Ihres Shops, wie unter WordPress → Settings → General → Site Address (sie muss mit https:// beginnen).',
    'Consumer secret': 'Consumer Secret',
    'Shown once beside the consumer key when the key is generated (it starts with cs_).':
      'Wird beim Erzeugen des Schlüssels einmal neben dem Consumer Key angezeigt (es beginnt mit cs_).',
    'In the control panel open Settings → Store-level API accounts → Create API account, give it modify scopes for Customers, Orders and Products, save, and copy the access token shown once.':
      'Öffnen Sie im Control Panel Settings → Store-level API accounts → Create API account, geben Sie ihm Änderungsrechte (modify) für Customers, Orders und Products, speichern Sie und kopieren Sie das einmal angezeigte Zugriffstoken.',
    'Store hash': 'Store-Hash',
    'The code in your control panel\'s address (https://store-<store hash>.mybigcommerce.com/manage), also shown as the API path of the API account ("…/stores/<store hash>/v3/").':
      'Der Code in der Adresse Ihres Control Panels (https://store-<store hash>.mybigcommerce.com/manage), auch im API-Pfad des API-Kontos angezeigt („…/stores/<store hash>/v3/“).',
    'In Freshdesk, click your profile picture, open Profile settings and copy the API key shown under "View API key".':
      'Öffnen Sie in Freshdesk über Ihr Profilbild die Profile settings und kopieren Sie den API-Schlüssel unter „View API key“.',
    'Freshdesk domain': 'Freshdesk-Domain',
    "Your help desk's address without https://, as in your browser when you use Freshdesk (e.g. yourcompany.freshdesk.com).":
      'Die Adresse Ihres Helpdesks ohne https://, wie in Ihrem Browser, wenn Sie Freshdesk nutzen (z. B. yourcompany.freshdesk.com).',
  },
  fr: {
    'In Mailchimp, open your profile → Extras → API keys, click "Create A Key" and copy all of it (it ends with your data center, such as -us21).':
      'Dans Mailchimp, ouvrez votre profil → Extras → API keys, cliquez sur « Create A Key » et copiez-la en entier (elle se termine par votre centre de données, par exemple -us21).',
    'In Asana, open the developer console (My settings → Apps → Developer apps), click "Create new token" under Personal access tokens and copy it.':
      'Dans Asana, ouvrez la console développeur (My settings → Apps → Developer apps), cliquez sur « Create new token » sous Personal access tokens et copiez-le.',
    'Personal access token': 'Jeton d’accès personnel',
    'In Typeform, open your account settings → Personal tokens, click "Generate a new token" (with read access to forms, responses and your account) and copy it.':
      'Dans Typeform, ouvrez les paramètres de votre compte → Personal tokens, cliquez sur « Generate a new token » (avec l’accès en lecture aux formulaires, aux réponses et à votre compte) et copiez-le.',
    'In Todoist, open Settings → Integrations → Developer and copy your API token.':
      "Dans Todoist, ouvrez Paramètres → Intégrations → Développeur et copiez votre jeton d'API.",
    'In Zendesk, open Admin Center → Apps and integrations → APIs → Zendesk API, turn on token access, click "Add API token" and copy it.':
      "Dans Zendesk, ouvrez Admin Center → Apps and integrations → APIs → Zendesk API, activez l'accès par jeton, cliquez sur « Add API token » et copiez-le.",
    'Zendesk subdomain': 'Sous-domaine Zendesk',
    'The first part of your Zendesk address: "yourcompany" for https://yourcompany.zendesk.com.':
      'La première partie de votre adresse Zendesk : « yourcompany » pour https://yourcompany.zendesk.com.',
    'Your Zendesk e-mail': 'Votre adresse e-mail Zendesk',
    'The e-mail address you sign in to Zendesk with (an agent or an admin).':
      "L'adresse e-mail avec laquelle vous vous connectez à Zendesk (un agent ou un administrateur).",
    'API token': "Jeton d'API",
    'In Pipedrive, open Settings → Personal preferences → API and copy your personal API token.':
      "Dans Pipedrive, ouvrez Settings → Personal preferences → API et copiez votre jeton d'API personnel.",
    'API key': "Clé d'API",
    'In Freshsales, open Personal settings → API Settings and copy your API key.':
      "Dans Freshsales, ouvrez Personal settings → API Settings et copiez votre clé d'API.",
    'Freshsales domain': 'Domaine Freshsales',
    'In Freshsales, open Personal settings → API Settings: the bundle alias below your API key starts with your domain (e.g. yourcompany.myfreshworks.com).':
      "Dans Freshsales, ouvrez Personal settings → API Settings : l'alias de bundle sous votre clé d'API commence par votre domaine (par exemple yourcompany.myfreshworks.com).",
    'In Copper, open System settings → Integrations → API Keys, click "Generate API key" and copy it.':
      'Dans Copper, ouvrez System settings → Integrations → API Keys, cliquez sur « Generate API key » et copiez-la.',
    'Your Copper e-mail': 'Votre adresse e-mail Copper',
    'The e-mail address you sign in to Copper with: the user who generated the API key.':
      "L'adresse e-mail avec laquelle vous vous connectez à Copper : celle de l'utilisateur qui a généré la clé d'API.",
    'Access token': "Jeton d'accès",
    'In Attio, open Workspace settings → Developers, create an integration and copy its access token (give it read-write access to records, notes and tasks, and read access to objects and users).':
      "Dans Attio, ouvrez Workspace settings → Developers, créez une intégration et copiez son jeton d'accès (donnez-lui l'accès en lecture et écriture aux enregistrements, notes et tâches, et en lecture aux objets et utilisateurs).",
    'Dynamics 365 environment': 'Environnement Dynamics 365',
    'The address of your Dynamics 365 organization, as in your browser when you use it (Power Platform admin center → Environments → Environment URL), without https://.':
      "L'adresse de votre organisation Dynamics 365, telle qu'elle apparaît dans votre navigateur quand vous l'utilisez (Power Platform admin center → Environments → Environment URL), sans https://.",
    'In Close, open Settings → Developer → API Keys, click "+ New API Key" and copy it (it starts with api_).':
      'Dans Close, ouvrez Settings → Developer → API Keys, cliquez sur « + New API Key » et copiez-la (elle commence par api_).',
    'Shopify store domain': 'Domaine de la boutique Shopify',
    'Your store’s myshopify.com address (Shopify admin → Settings → Domains), without https://.':
      "L'adresse myshopify.com de votre boutique (Shopify admin → Settings → Domains), sans https://.",
    'Consumer key': 'Clé client (consumer key)',
    'In WordPress, open WooCommerce → Settings → Advanced → REST API → Add key, choose Read/Write permissions, click "Generate API key" and copy the consumer key (it starts with ck_).':
      'Dans WordPress, ouvrez WooCommerce → Settings → Advanced → REST API → Add key, choisissez les droits Read/Write, cliquez sur « Generate API key » et copiez la clé client (elle commence par ck_).',
    'Store address': 'Adresse de la boutique',
    "Your store's address, as in WordPress → Settings → General → Site Address (it must start with https://).":
      "L'adresse de votre boutique, comme dans WordPress → Settings → General → Site Address (elle doit commencer par https://).",
    'Consumer secret': 'Secret client (consumer secret)',
    'Shown once beside the consumer key when the key is generated (it starts with cs_).':
      'Affiché une seule fois à côté de la clé client quand la clé est générée (il commence par cs_).',
    'In the control panel open Settings → Store-level API accounts → Create API account, give it modify scopes for Customers, Orders and Products, save, and copy the access token shown once.':
      "Dans le panneau de contrôle, ouvrez Settings → Store-level API accounts → Create API account, donnez-lui les droits de modification (modify) pour Customers, Orders et Products, enregistrez et copiez le jeton d'accès affiché une seule fois.",
    'Store hash': 'Hash de la boutique',
    'The code in your control panel\'s address (https://store-<store hash>.mybigcommerce.com/manage), also shown as the API path of the API account ("…/stores/<store hash>/v3/").':
      "Le code dans l'adresse de votre panneau de contrôle (https://store-<store hash>.mybigcommerce.com/manage), aussi affiché dans le chemin d'API du compte d'API (« …/stores/<store hash>/v3/ »).",
    'In Freshdesk, click your profile picture, open Profile settings and copy the API key shown under "View API key".':
      "Dans Freshdesk, cliquez sur votre photo de profil, ouvrez Profile settings et copiez la clé d'API affichée sous « View API key ».",
    'Freshdesk domain': 'Domaine Freshdesk',
    "Your help desk's address without https://, as in your browser when you use Freshdesk (e.g. yourcompany.freshdesk.com).":
      "L'adresse de votre service d'assistance sans https://, telle que dans votre navigateur quand vous utilisez Freshdesk (par exemple yourcompany.freshdesk.com).",
  },
  es: {
    'In Mailchimp, open your profile → Extras → API keys, click "Create A Key" and copy all of it (it ends with your data center, such as -us21).':
      'En Mailchimp, abre tu perfil → Extras → API keys, pulsa «Create A Key» y cópiala entera (termina con tu centro de datos, por ejemplo -us21).',
    'In Asana, open the developer console (My settings → Apps → Developer apps), click "Create new token" under Personal access tokens and copy it.':
      'En Asana, abre la consola de desarrollador (My settings → Apps → Developer apps), pulsa «Create new token» en Personal access tokens y cópialo.',
    'Personal access token': 'Token de acceso personal',
    'In Typeform, open your account settings → Personal tokens, click "Generate a new token" (with read access to forms, responses and your account) and copy it.':
      'En Typeform, abre la configuración de tu cuenta → Personal tokens, pulsa «Generate a new token» (con acceso de lectura a formularios, respuestas y tu cuenta) y cópialo.',
    'In Todoist, open Settings → Integrations → Developer and copy your API token.':
      'En Todoist, abre Configuración → Integraciones → Desarrollador y copia tu token de API.',
    'In Zendesk, open Admin Center → Apps and integrations → APIs → Zendesk API, turn on token access, click "Add API token" and copy it.':
      'En Zendesk, abre Admin Center → Apps and integrations → APIs → Zendesk API, activa el acceso con token, pulsa «Add API token» y cópialo.',
    'Zendesk subdomain': 'Subdominio de Zendesk',
    'The first part of your Zendesk address: "yourcompany" for https://yourcompany.zendesk.com.':
      'La primera parte de tu dirección de Zendesk: «yourcompany» para https://yourcompany.zendesk.com.',
    'Your Zendesk e-mail': 'Tu correo electrónico de Zendesk',
    'The e-mail address you sign in to Zendesk with (an agent or an admin).':
      'La dirección de correo con la que inicias sesión en Zendesk (un agente o un administrador).',
    'API token': 'Token de API',
    'In Pipedrive, open Settings → Personal preferences → API and copy your personal API token.':
      'En Pipedrive, abre Settings → Personal preferences → API y copia tu token de API personal.',
    'API key': 'Clave de API',
    'In Freshsales, open Personal settings → API Settings and copy your API key.':
      'En Freshsales, abre Personal settings → API Settings y copia tu clave de API.',
    'Freshsales domain': 'Dominio de Freshsales',
    'In Freshsales, open Personal settings → API Settings: the bundle alias below your API key starts with your domain (e.g. yourcompany.myfreshworks.com).':
      'En Freshsales, abre Personal settings → API Settings: el alias del bundle bajo tu clave de API empieza por tu dominio (por ejemplo, yourcompany.myfreshworks.com).',
    'In Copper, open System settings → Integrations → API Keys, click "Generate API key" and copy it.':
      'En Copper, abre System settings → Integrations → API Keys, haz clic en «Generate API key» y cópiala.',
    'Your Copper e-mail': 'Tu correo electrónico de Copper',
    'The e-mail address you sign in to Copper with: the user who generated the API key.':
      'La dirección de correo con la que inicias sesión en Copper: la del usuario que generó la clave de API.',
    'Access token': 'Token de acceso',
    'In Attio, open Workspace settings → Developers, create an integration and copy its access token (give it read-write access to records, notes and tasks, and read access to objects and users).':
      'En Attio, abre Workspace settings → Developers, crea una integración y copia su token de acceso (dale acceso de lectura y escritura a registros, notas y tareas, y de lectura a objetos y usuarios).',
    'Dynamics 365 environment': 'Entorno de Dynamics 365',
    'The address of your Dynamics 365 organization, as in your browser when you use it (Power Platform admin center → Environments → Environment URL), without https://.':
      'La dirección de tu organización de Dynamics 365, tal como aparece en el navegador cuando la usas (Power Platform admin center → Environments → Environment URL), sin https://.',
    'In Close, open Settings → Developer → API Keys, click "+ New API Key" and copy it (it starts with api_).':
      'En Close, abre Settings → Developer → API Keys, haz clic en «+ New API Key» y cópiala (empieza por api_).',
    'Shopify store domain': 'Dominio de la tienda Shopify',
    'Your store’s myshopify.com address (Shopify admin → Settings → Domains), without https://.':
      'La dirección myshopify.com de tu tienda (Shopify admin → Settings → Domains), sin https://.',
    'Consumer key': 'Clave de consumidor (consumer key)',
    'In WordPress, open WooCommerce → Settings → Advanced → REST API → Add key, choose Read/Write permissions, click "Generate API key" and copy the consumer key (it starts with ck_).':
      'En WordPress, abre WooCommerce → Settings → Advanced → REST API → Add key, elige los permisos Read/Write, haz clic en «Generate API key» y copia la clave de consumidor (empieza por ck_).',
    'Store address': 'Dirección de la tienda',
    "Your store's address, as in WordPress → Settings → General → Site Address (it must start with https://).":
      'La dirección de tu tienda, como en WordPress → Settings → General → Site Address (debe empezar por https://).',
    'Consumer secret': 'Secreto de consumidor (consumer secret)',
    'Shown once beside the consumer key when the key is generated (it starts with cs_).':
      'Se muestra una sola vez junto a la clave de consumidor al generarla (empieza por cs_).',
    'In the control panel open Settings → Store-level API accounts → Create API account, give it modify scopes for Customers, Orders and Products, save, and copy the access token shown once.':
      'En el panel de control, abre Settings → Store-level API accounts → Create API account, dale permisos de modificación (modify) para Customers, Orders y Products, guarda y copia el token de acceso que se muestra una sola vez.',
    'Store hash': 'Hash de la tienda',
    'The code in your control panel\'s address (https://store-<store hash>.mybigcommerce.com/manage), also shown as the API path of the API account ("…/stores/<store hash>/v3/").':
      'El código en la dirección de tu panel de control (https://store-<store hash>.mybigcommerce.com/manage), que también aparece en la ruta de API de la cuenta de API («…/stores/<store hash>/v3/»).',
    'In Freshdesk, click your profile picture, open Profile settings and copy the API key shown under "View API key".':
      'En Freshdesk, haz clic en tu foto de perfil, abre Profile settings y copia la clave de API que aparece en «View API key».',
    'Freshdesk domain': 'Dominio de Freshdesk',
    "Your help desk's address without https://, as in your browser when you use Freshdesk (e.g. yourcompany.freshdesk.com).":
      'La dirección de tu centro de soporte sin https://, como aparece en tu navegador cuando usas Freshdesk (por ejemplo, yourcompany.freshdesk.com).',
  },
};
